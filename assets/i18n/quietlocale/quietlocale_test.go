package quietlocale

import "testing"

func TestLanguage(t *testing.T) {
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"LANG=C.UTF-8"}, nil, "it"},
		{[]string{"LANG=C.utf8", "SPORTELLO_LANG=en"}, nil, "en"},
		{[]string{"LANG=C.UTF-8", "SPORTELLO_LANG=en"}, []string{"run", "--lang", "it"}, "it"},
		{[]string{"LC_ALL=POSIX.UTF-8"}, []string{"--lang=en"}, "en"},
		{[]string{"LANG=C@euro"}, []string{"-lang", "en"}, "en"},
		{[]string{"LANG=C.UTF-8"}, []string{"--", "--lang=en"}, "it"},
		{[]string{"LANG=C.UTF-8", "LANGUAGE=de"}, nil, ""},        // LANGUAGE set: parseable already
		{[]string{"LC_ALL=it_IT.UTF-8", "LANG=C.UTF-8"}, nil, ""}, // LC_ALL wins
		{[]string{"LANG=C"}, nil, ""},                             // go-locale reports none
		{[]string{"LANG=POSIX"}, nil, ""},
		{nil, nil, ""},
		{[]string{"LANG=en_US.UTF-8"}, nil, ""},
		{[]string{"LANG=Catalan.UTF-8"}, nil, ""},
	} {
		if got := Language(c.env, c.args); got != c.want {
			t.Errorf("Language(%q, %q) = %q, want %q", c.env, c.args, got, c.want)
		}
	}
}
