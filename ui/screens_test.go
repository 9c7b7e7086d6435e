package ui

import (
	"slices"
	"testing"

	"sportello/model"
)

// The role table gives each operator the tabs the hand-written rules did:
// the reception starts on the queue, a Punto INPS and a desk on the day,
// the report last, a CRIC consultant alone the inbox.
func TestTabsOfEachRole(t *testing.T) {
	for _, tc := range []struct {
		roles []model.Role
		want  []string
	}{
		{nil, []string{tabDay, tabReport}},
		{[]model.Role{model.RoleSportello}, []string{tabDay, tabReport}},
		{[]model.Role{model.RoleCRIC}, []string{tabInbox}},
		{[]model.Role{model.RoleAccoglienza}, []string{tabQueue, tabBooking, tabDay, tabReport}},
		{[]model.Role{model.RolePuntoINPS}, []string{tabDay, tabBooking, tabQueue, tabReport}},
		{[]model.Role{model.RoleCRIC, model.RoleSportello}, []string{tabDay, tabInbox, tabReport}},
		{[]model.Role{model.RolePuntoINPS, model.RoleCRIC}, []string{tabDay, tabBooking, tabQueue, tabInbox, tabReport}},
		{[]model.Role{model.RolePuntoINPS, model.RoleAccoglienza}, []string{tabQueue, tabBooking, tabDay, tabReport}},
		{[]model.Role{"ufficio_nuovo"}, []string{tabDay, tabReport}},
		{[]model.Role{model.RoleResponsabile}, []string{tabManager}},
	} {
		if got := tabsOf(tc.roles); !slices.Equal(got, tc.want) {
			t.Errorf("tabs of %v = %v, want %v", tc.roles, got, tc.want)
		}
	}
}
