// Command barewindow is the smallest Fyne window: one label, the size of
// the console's. BenchmarkSoakWorkingDay measures its resident memory
// beside the console's, on the same machine and X server, to tell what
// any Fyne window costs from what Sportello adds. It is not part of the
// product (a testdata folder: `go build ./...` skips it).
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("it.inps.sportello.barewindow")
	w := a.NewWindow("Bare Fyne window")
	w.SetContent(widget.NewLabel("Una finestra Fyne con una sola etichetta."))
	w.Resize(fyne.NewSize(1366, 740))
	w.ShowAndRun()
}
