package ui

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

// monospaceOnly are the literals of ui/*.go drawn only in monospace (the
// keys column of the shortcuts help): they need the bundled monospace
// font's glyphs (DejaVu Sans Mono has the arrows and ⌘), not the text
// font's.
var monospaceOnly = []string{"⌘", "↓", "↑", "←", "→", "↑ ↓ Space"}

// missingGlyphs returns the runes of s that a font has no glyph for.
func missingGlyphs(t *testing.T, f *font.Face, s string) string {
	t.Helper()
	var miss []rune
	for _, r := range s {
		if r < ' ' {
			continue
		}
		if _, ok := f.NominalGlyph(r); !ok && !slices.Contains(miss, r) {
			miss = append(miss, r)
		}
	}
	return string(miss)
}

func parseFont(t *testing.T, res fyne.Resource) *font.Face {
	t.Helper()
	f, err := font.ParseTTF(bytes.NewReader(res.Content()))
	if err != nil {
		t.Fatalf("%s: %v", res.Name(), err)
	}
	return f
}

// Every string the operator can see renders with the fonts bundled in
// the binary, not the system's: Windows drew ✓ → ▶ as empty boxes, which
// Fyne's Noto Sans lacks (as ⚠ ● ★ ← ↑ ↓ ⌫; Fyne falls back to its emoji
// font, then the system's). The translations (ours and Fyne's) in every
// text style, the literals of ui/*.go and of the packages whose strings
// ui draws likewise, or in monospace for the few drawn only there.
func TestEveryStringHasGlyphsInTheBundledFonts(t *testing.T) {
	text := map[string]*font.Face{
		"regular": parseFont(t, theme.DefaultTextFont()), "bold": parseFont(t, theme.DefaultTextBoldFont()),
		"italic": parseFont(t, theme.DefaultTextItalicFont()), "bold italic": parseFont(t, theme.DefaultTextBoldItalicFont()),
	}
	mono := parseFont(t, theme.DefaultTextMonospaceFont())
	check := func(where, s string) {
		for style, f := range text {
			if miss := missingGlyphs(t, f, s); miss != "" {
				t.Errorf("%s: %q has no glyph in the bundled %s font: %q", where, miss, style, s)
			}
		}
	}

	files, _ := filepath.Glob("../assets/i18n/*.json")
	if len(files) < 4 {
		t.Fatalf("translations: %v", files)
	}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for k, v := range m {
			switch v := v.(type) {
			case string:
				check(filepath.Base(p)+" "+k, v)
			case map[string]any: // a plural of Fyne's
				for _, s := range v {
					check(filepath.Base(p)+" "+k, s.(string))
				}
			}
		}
	}

	// The literals of ui, and of the packages whose strings it draws as
	// they are: the sandbox's seeded data (names, services, questions and
	// answers on every demo screen), the model's and app's texts.
	var sources []string
	for _, dir := range []string{".", "../app", "../model", "../client/sandbox"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		if len(files) == 0 {
			t.Fatalf("no Go files in %s", dir)
		}
		sources = append(sources, files...)
	}
	fset := token.NewFileSet()
	for _, p := range sources {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || (lit.Kind != token.STRING && lit.Kind != token.CHAR) {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !strings.ContainsFunc(s, func(r rune) bool { return r > 0x7e }) {
				return true
			}
			where := fset.Position(lit.Pos()).String()
			if slices.Contains(monospaceOnly, s) {
				if miss := missingGlyphs(t, mono, s); miss != "" {
					t.Errorf("%s: %q has no glyph in the bundled monospace font", where, miss)
				}
				return true
			}
			check(where, s)
			return true
		})
	}
}
