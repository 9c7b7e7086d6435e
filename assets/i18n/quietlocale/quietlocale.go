// Package quietlocale keeps Fyne quiet under the C locale of servers and
// CI (LANG=C.UTF-8), where every command printed "Fyne error: Error
// parsing user locale C" before main ran.
//
// Fyne's lang package reads the system's locales in its package init:
// go-locale turns LANG=C.UTF-8 into the language "C", which is no BCP 47
// tag, and Fyne logs the failure. This package's init, which runs first,
// sets LANGUAGE (the GNU list of languages for messages, which the C
// library ignores under the C locale and go-locale reads next) to the
// console's language, from --lang or SPORTELLO_LANG, else Italian; Fyne
// then finds a language it can parse, and the console registers its own
// translations under it anyway (ui.followLanguage).
//
// Import it for its side effect only (the ui package does). It runs
// before fyne.io/fyne/v2/lang because Go initialises packages in the
// order of their import paths among those whose imports are ready (the
// rule since Go 1.21): this package needs only os and strings, and
// "sportello/…" sorts before "text/template", which Fyne's lang imports.
// A test of the ui package checks the order in a real binary.
package quietlocale

import (
	"os"
	"strings"
)

func init() {
	if v := Language(os.Environ(), os.Args[1:]); v != "" {
		_ = os.Setenv("LANGUAGE", v)
	}
}

// Language returns the LANGUAGE the process needs, given its environment
// and arguments: the console's language when the locale that go-locale
// reads (LC_ALL, LC_MESSAGES, LANG: the first set) is C or POSIX with a
// codeset or modifier, and LANGUAGE is not set; else "" (nothing to do:
// a plain "C" or no locale at all go-locale reports as none, quietly).
func Language(env, args []string) string {
	get := func(name string) string {
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, name+"="); ok {
				return v
			}
		}
		return ""
	}
	if get("LANGUAGE") != "" {
		return ""
	}
	var loc string
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if loc = get(name); loc != "" {
			break
		}
	}
	// "C.UTF-8", "POSIX.utf8", "C@euro": the part before the codeset
	// or modifier is what go-locale reports, and Fyne cannot parse.
	name, _, _ := strings.Cut(loc, ".")
	name, _, _ = strings.Cut(name, "@")
	if name == loc || (name != "C" && name != "POSIX") {
		return ""
	}
	return consoleLanguage(get("SPORTELLO_LANG"), args)
}

// consoleLanguage is the language the console will speak: --lang, else
// SPORTELLO_LANG, else Italian ("it" or "en").
func consoleLanguage(env string, args []string) string {
	v := env
	for i := 0; i < len(args) && args[i] != "--"; i++ {
		switch a := args[i]; {
		case (a == "-lang" || a == "--lang") && i+1 < len(args):
			v = args[i+1]
		case strings.HasPrefix(a, "-lang=") || strings.HasPrefix(a, "--lang="):
			_, v, _ = strings.Cut(a, "=")
		}
	}
	if v = strings.ToLower(strings.TrimSpace(v)); v == "en" {
		return "en"
	}
	return "it"
}
