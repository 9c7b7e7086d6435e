package app

import "testing"

// BenchmarkUnlock is what the lock screen costs the operator: one check of
// the password against its PBKDF2 verifier (600,000 rounds).
func BenchmarkUnlock(b *testing.B) {
	v, err := newVerifier("una password dell'Istituto")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ok, err := checkVerifier(v, "una password dell'Istituto")
		if err != nil || !ok {
			b.Fatal("verifier refused the password", err)
		}
	}
}

func TestVerifierTellsPasswordsApart(t *testing.T) {
	v, err := newVerifier("segreta")
	if err != nil {
		t.Fatal(err)
	}
	w, _ := newVerifier("segreta")
	if v == w {
		t.Error("two verifiers of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"segreta": true, "Segreta": false, "": false} {
		if ok, err := checkVerifier(v, pw); err != nil || ok != want {
			t.Errorf("check %q = %v, %v; want %v", pw, ok, err, want)
		}
	}
	if _, err := checkVerifier("md5$1$x$y", "segreta"); err == nil {
		t.Error("a verifier of unknown format accepted")
	}
}
