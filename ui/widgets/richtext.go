package widgets

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"sportello/model"
)

func Date(t time.Time) string { return t.In(model.Rome).Format("02/01/2006") }

func Stamp(t time.Time) string { return t.In(model.Rome).Format("02/01/2006 15:04") }

func Heading(text string) widget.RichTextSegment {
	return &widget.TextSegment{Style: widget.RichTextStyleSubHeading, Text: text}
}

func Para(text string) widget.RichTextSegment {
	return &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: text}
}

func Strong(text string) widget.RichTextSegment {
	return &widget.TextSegment{Style: widget.RichTextStyle{TextStyle: fyne.TextStyle{Bold: true}}, Text: text}
}

// line is a "label: value" line of the file.
func line(label, value string) widget.RichTextSegment {
	return &widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: label + ": " + value}
}
