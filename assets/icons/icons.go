// Package icons holds Sportello's own icons: the app's (app.svg, drawn
// as app.png for the OS and the packagers) and one per booking channel,
// drawn for the day view and recoloured by the theme in use.
package icons

import (
	_ "embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

var (
	//go:embed in_person.svg
	inPerson []byte
	//go:embed phone_callback.svg
	phone []byte
	//go:embed web_meeting.svg
	webMeeting []byte
	//go:embed app.png
	appPNG []byte
)

// App is the application's icon (FyneApp.toml names the same file).
var App fyne.Resource = fyne.NewStaticResource("sportello.png", appPNG)

// The channel icons, themed.
var (
	InPerson   fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("in_person.svg", inPerson))
	Phone      fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("phone_callback.svg", phone))
	WebMeeting fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("web_meeting.svg", webMeeting))
)
