package canon

import "testing"

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"VMware's", "VMware"},
		{"  Steve   Herrod ", "Steve Herrod"},
		{"XenSource’s", "XenSource"},
		{"\"IBM\",", "IBM"},
		{"Reuters'", "Reuters"},
		{"bad\xffutf8", "badutf8"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	same := [][]string{
		{"VMware", "VMware Inc.", "VMWARE", "vmware's", "VMware, Inc."},
		{"U.S.", "US"},
		{"Open Source Development Labs", "open  source development labs"},
		{"Hewlett-Packard", "Hewlett Packard"},
	}
	for _, group := range same {
		k := Key(group[0])
		for _, n := range group[1:] {
			if got := Key(n); got != k {
				t.Errorf("Key(%q) = %q, want %q (as %q)", n, got, k, group[0])
			}
		}
	}
	if Key("Rusty Russell") == Key("Rusty Rusell") {
		t.Error("different names share a key")
	}
	if got := Key("Inc."); got != "inc" {
		t.Errorf("Key(Inc.) = %q", got)
	}
}
