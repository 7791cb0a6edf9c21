package vocab

import "testing"

func TestList(t *testing.T) {
	l := List{{Value: "a", Label: "Alpha"}, {Value: "b", Label: "Bêta"}}
	if l.Label("b") != "Bêta" || l.Label("z") != "z" {
		t.Fatal("Label")
	}
	if !l.Has("a") || l.Has("z") {
		t.Fatal("Has")
	}
	if got := l.Labels([]string{"b", "a", "z"}); got != "Bêta, Alpha, z" {
		t.Fatalf("Labels %q", got)
	}
	if got := l.Values(); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Fatalf("Values %q", got)
	}
}
