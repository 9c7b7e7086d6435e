package widgets

import (
	"log/slog"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/jeandeaual/go-locale"
	"golang.org/x/text/language"

	"sportello/assets/i18n"
	// Before Fyne's lang reads the locale: quiet under LANG=C.UTF-8.
	_ "sportello/assets/i18n/quietlocale"
)

// FollowLanguage makes Fyne's own strings (the titles and buttons of its
// dialogs, the file dialog, the weekdays) speak the console's language.
//
// Fyne picks its language by itself, from the locales the system reports
// (go-locale: LANGUAGE, LC_ALL, LC_MESSAGES and LANG on Unix, the user's
// UI languages on Windows and macOS), and has no call to choose another;
// the console's language is its own setting (--lang, SPORTELLO_LANG, the
// operator's preference). So the translation into the console's language
// is registered under every locale the system reports, both as reported
// (it-IT) and as a bare language (it), and under English, which Fyne
// falls back to when no locale matches or none is set: whichever locale
// Fyne's matcher picks, its messages are the console's language. Calling
// it again with another language replaces those messages, since every
// file holds all of Fyne's keys; it registers again under every locale
// registered before too, so that none keeps the previous language (Fyne's
// matcher may prefer an older "it-IT" to a newer "it").
func FollowLanguage(lng string) {
	data := i18n.Fyne(lng)
	if data == nil {
		return
	}
	for _, tag := range fyneLocales() {
		if !slices.Contains(fyneRegistered, tag) {
			fyneRegistered = append(fyneRegistered, tag)
		}
	}
	for _, tag := range fyneRegistered {
		if err := lang.AddTranslationsForLocale(data, fyne.Locale(tag)); err != nil {
			slog.Debug("fyne translations", "locale", tag, "err", err)
		}
	}
}

// fyneRegistered are the locales followLanguage registered translations
// under (UI goroutine only).
var fyneRegistered []string

// fyneLocales are the locales Fyne may choose from: English and the
// system's, as reported and as a bare language, each once.
func fyneLocales() []string {
	out := []string{"en"}
	all, err := locale.GetLocales()
	if err != nil {
		slog.Debug("system locales", "err", err)
	}
	for _, l := range all {
		tag, err := language.Parse(l)
		if err != nil {
			continue // "C" and the like: Fyne falls back to English
		}
		base, _ := tag.Base()
		for _, s := range []string{tag.String(), base.String()} {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}
