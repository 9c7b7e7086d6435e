// Package client talks to the central API described by openapi.yaml: a resty
// client with timeouts and typed errors.
package client

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"sportello/model"
)

// OpenAPI is the contract, embedded so tests and tools share one copy.
//
//go:embed openapi.yaml
var OpenAPI []byte

// DefaultTimeout bounds a single call to the server.
const DefaultTimeout = 15 * time.Second

// Client is a client of the central API. It is safe for concurrent use.
type Client struct {
	r *resty.Client
}

// New returns a client for the server at baseURL (e.g. https://host), with
// the given bearer token (empty before login).
func New(baseURL, token string) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w %q: must be http(s)://host[:port]", ErrBadAddress, baseURL)
	}
	r := resty.New().
		SetBaseURL(strings.TrimRight(baseURL, "/")).
		SetTimeout(DefaultTimeout).
		SetHeader("Accept", "application/json").
		SetHeader("User-Agent", "Sportello/0.1")
	if token != "" {
		r.SetAuthToken(token)
	}
	return &Client{r: r}, nil
}

// Login exchanges operator and password for an access token and returns it
// with the operator it belongs to.
func (c *Client) Login(ctx context.Context, operator, password string) (string, model.Operator, error) {
	var s Session
	err := c.do(ctx, http.MethodPost, "/v1/auth/token", LoginRequest{Operator: operator, Password: password}, nil, &s)
	if err != nil {
		return "", model.Operator{}, fmt.Errorf("login: %w", err)
	}
	if len(s.AccessToken) < 16 || s.ExpiresIn < 1 {
		return "", model.Operator{}, fmt.Errorf("login: %w: no usable token", ErrBadResponse)
	}
	op, err := s.Operator.Model()
	if err != nil {
		return "", model.Operator{}, fmt.Errorf("login: %w: %v", ErrBadResponse, err)
	}
	return s.AccessToken, op, nil
}

// Me returns the operator the client's token belongs to.
func (c *Client) Me(ctx context.Context) (model.Operator, error) {
	var o OperatorJSON
	if err := c.do(ctx, http.MethodGet, "/v1/me", nil, nil, &o); err != nil {
		return model.Operator{}, fmt.Errorf("me: %w", err)
	}
	op, err := o.Model()
	if err != nil {
		return model.Operator{}, fmt.Errorf("me: %w: %v", ErrBadResponse, err)
	}
	return op, nil
}

// Agenda returns the slots of the operator's desk from the day of from to
// the day of to, inclusive, in time order.
func (c *Client) Agenda(ctx context.Context, from, to time.Time) ([]model.Slot, error) {
	q := url.Values{"from": {from.In(model.Rome).Format(DateLayout)}, "to": {to.In(model.Rome).Format(DateLayout)}}
	var a AgendaJSON
	if err := c.do(ctx, http.MethodGet, "/v1/agenda", nil, q, &a); err != nil {
		return nil, fmt.Errorf("agenda: %w", err)
	}
	slots := make([]model.Slot, 0, len(a.Slots))
	for _, sj := range a.Slots {
		s, err := sj.Model()
		if err != nil {
			return nil, fmt.Errorf("agenda: %w: %v", ErrBadResponse, err)
		}
		slots = append(slots, s)
	}
	return slots, nil
}

// Citizen returns the caller's file for a codice fiscale.
func (c *Client) Citizen(ctx context.Context, cf string) (model.Citizen, error) {
	if err := model.ValidateCF(cf); err != nil {
		return model.Citizen{}, fmt.Errorf("citizen: %w: %w", ErrRejected, err)
	}
	var cj CitizenJSON
	if err := c.do(ctx, http.MethodGet, "/v1/citizens/"+url.PathEscape(cf), nil, nil, &cj); err != nil {
		return model.Citizen{}, fmt.Errorf("citizen: %w", err)
	}
	if cj.CF != cf {
		return model.Citizen{}, fmt.Errorf("citizen: %w: answer is for another codice fiscale", ErrBadResponse)
	}
	cit, err := cj.Model()
	if err != nil {
		return model.Citizen{}, fmt.Errorf("citizen: %w: %v", ErrBadResponse, err)
	}
	return cit, nil
}

// do performs one call and decodes a 2xx JSON answer into out, strictly:
// unknown fields or trailing data are a contract violation.
func (c *Client) do(ctx context.Context, method, path string, body any, q url.Values, out any) error {
	req := c.r.R().SetContext(ctx)
	if body != nil {
		req.SetHeader("Content-Type", "application/json").SetBody(body)
	}
	if q != nil {
		req.SetQueryParamsFromValues(q)
	}
	resp, err := req.Execute(method, path)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %w", ErrOffline, ctx.Err())
		}
		// A *url.Error quotes the URL, whose path may hold a codice
		// fiscale: keep only the cause, so logs carry no personal data.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("%w: %v", ErrOffline, err)
	}
	status := resp.StatusCode()
	if status < 200 || status > 299 {
		return apiError(resp)
	}
	if !strings.HasPrefix(resp.Header().Get("Content-Type"), "application/json") {
		return fmt.Errorf("%w: content type %q", ErrBadResponse, resp.Header().Get("Content-Type"))
	}
	dec := json.NewDecoder(bytes.NewReader(resp.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%w: %v", ErrBadResponse, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: data after the JSON value", ErrBadResponse)
	}
	return nil
}

// apiError turns a non-2xx answer into an *APIError of the right kind.
func apiError(resp *resty.Response) error {
	e := &APIError{Status: resp.StatusCode()}
	var b ErrorBody
	if json.Unmarshal(resp.Body(), &b) == nil {
		e.Code, e.Message = b.Code, b.Message
	}
	switch {
	case e.Status == http.StatusUnauthorized && e.Code == "invalid_credentials":
		e.kind = ErrInvalidCredentials
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		e.kind = ErrUnauthorized
	case e.Status == http.StatusNotFound:
		e.kind = ErrNotFound
	case e.Status >= 500:
		e.kind = ErrServer
	case e.Status >= 400:
		e.kind = ErrRejected
	default:
		e.kind = ErrBadResponse
	}
	return e
}
