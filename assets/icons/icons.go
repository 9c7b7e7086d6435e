// Package icons holds Sportello's own icons: one per booking channel,
// drawn for the day view. They are recoloured by the theme in use.
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
)

// The channel icons, themed.
var (
	InPerson   fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("in_person.svg", inPerson))
	Phone      fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("phone_callback.svg", phone))
	WebMeeting fyne.Resource = theme.NewThemedResource(fyne.NewStaticResource("web_meeting.svg", webMeeting))
)
