package client

import (
	"context"
	"fmt"
	"net/http"

	"sportello/model"
)

// ModuleJSON is a text module on the wire.
type ModuleJSON struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	Title   string `json:"title"`
	Text    string `json:"text"`
}

// ModulesJSON is the answer of GET /v1/modules.
type ModulesJSON struct {
	Modules []ModuleJSON `json:"modules"`
}

// Model converts the modules to the model, rejecting values outside the
// contract.
func (m ModulesJSON) Model() ([]model.TextModule, error) {
	out := make([]model.TextModule, 0, len(m.Modules))
	for _, mj := range m.Modules {
		sec := model.Section(mj.Section)
		if mj.ID == "" || mj.Title == "" || mj.Text == "" || !sec.Valid() {
			return nil, fmt.Errorf("text module %q: missing title or text, or bad section %q", mj.ID, mj.Section)
		}
		out = append(out, model.TextModule{ID: mj.ID, Section: sec, Title: mj.Title, Text: mj.Text})
	}
	return out, nil
}

// ModuleList is central's text modules with their entity tag. NotModified
// means the list of the ETag given is still current, and Modules is empty.
type ModuleList struct {
	Modules     []model.TextModule
	ETag        string
	NotModified bool
}

// Modules returns the text modules of the operator's sections. With the
// ETag of the list already held, an unchanged list costs a 304 with no
// body.
func (c *Client) Modules(ctx context.Context, etag string) (ModuleList, error) {
	var mj ModulesJSON
	var out ModuleList
	tag, same, err := c.getTagged(ctx, "modules", "/v1/modules", etag, func(res result) error {
		return decodeInto(res, &mj, func() (err error) { out.Modules, err = mj.Model(); return err })
	})
	if err != nil {
		return ModuleList{}, err
	}
	out.ETag, out.NotModified = tag, same
	return out, nil
}

// getTagged performs a GET of a resource with an entity tag: with the
// ETag of a copy held, an unchanged resource comes back as a 304 with no
// body (same), and decode is not called. The answer's ETag is required.
func (c *Client) getTagged(ctx context.Context, name, path, etag string, decode func(result) error) (tag string, same bool, err error) {
	return c.getTaggedQuery(ctx, call{name: name, path: path}, etag, decode)
}

// getTaggedQuery is getTagged of the call's name, path and query (a bulk
// call takes the sync's timeout).
func (c *Client) getTaggedQuery(ctx context.Context, cl call, etag string, decode func(result) error) (tag string, same bool, err error) {
	name := cl.name
	cl.method, cl.auth, cl.retry, cl.ok = http.MethodGet, true, true, []int{http.StatusOK}
	if etag != "" {
		cl.header = map[string]string{"If-None-Match": etag}
		cl.ok = append(cl.ok, http.StatusNotModified)
	}
	cl.decode = func(res result) error {
		tag, same = res.header.Get("ETag"), res.status == http.StatusNotModified
		if tag == "" {
			return fmt.Errorf("%w: no ETag", ErrBadResponse)
		}
		if same {
			return nil
		}
		return decode(res)
	}
	if _, err := c.do(ctx, cl); err != nil {
		return "", false, fmt.Errorf("%s: %w", name, err)
	}
	return tag, same, nil
}
