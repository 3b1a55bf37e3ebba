package topic

import (
	"sync"
	"testing"

	"github.com/heraldnews/herald"
)

func TestCatalogueBuiltinAliases(t *testing.T) {
	c := NewCatalogue()
	tests := []struct {
		alias, want, kind string
		demonym           bool
	}{
		{"U.S.", "United States", herald.KindPlace, false},
		{"US", "United States", herald.KindPlace, false},
		{"USA", "United States", herald.KindPlace, false},
		{"the United States", "United States", herald.KindPlace, false},
		{"America", "United States", herald.KindPlace, false},
		{"American", "United States", herald.KindPlace, true},
		{"Americans", "United States", herald.KindPlace, true},
		{"UK", "United Kingdom", herald.KindPlace, false},
		{"Britain", "United Kingdom", herald.KindPlace, false},
		{"British", "United Kingdom", herald.KindPlace, true},
		{"EU", "European Union", herald.KindOrganisation, false},
		{"UN", "United Nations", herald.KindOrganisation, false},
		{"U.N.", "United Nations", herald.KindOrganisation, false},
		{"N. Korea", "North Korea", herald.KindPlace, false},
		{"DPRK", "North Korea", herald.KindPlace, false},
		{"North Korean", "North Korea", herald.KindPlace, true},
		{"S. Korea", "South Korea", herald.KindPlace, false},
		{"ROK", "South Korea", herald.KindPlace, false},
		{"South Korean", "South Korea", herald.KindPlace, true},
		{"Japanese", "Japan", herald.KindPlace, true},
		{"PyeongChang", "Pyeongchang", herald.KindPlace, false},
		{"PYEONGCHANG", "Pyeongchang", herald.KindPlace, false},
		{"Zurich", "Zurich", herald.KindPlace, false},
		{"Zürich", "Zurich", herald.KindPlace, false},
		{"Israelis", "Israel", herald.KindPlace, true},
		{"Englishmen", "England", herald.KindPlace, true},
		{"Nato", "NATO", herald.KindOrganisation, false},
	}
	for _, tt := range tests {
		m, ok := c.Lookup(tt.alias)
		if !ok || m.Name != tt.want || m.Kind != tt.kind || m.Demonym != tt.demonym || m.Slug != Slug(tt.want) {
			t.Errorf("Lookup(%q) = %+v, %v; want %s (%s, demonym %v)", tt.alias, m, ok, tt.want, tt.kind, tt.demonym)
		}
	}
}

func TestCatalogueAcronymsMatchOnlyCapitals(t *testing.T) {
	c := NewCatalogue()
	for _, name := range []string{"Who", "Us", "Car", "Un"} {
		if m, ok := c.Lookup(name); ok {
			t.Errorf("Lookup(%q) = %+v; a capitalised word is not an acronym", name, m)
		}
	}
	if m, ok := c.Lookup("WHO"); !ok || m.Name != "World Health Organization" {
		t.Errorf("Lookup(WHO) = %+v, %v", m, ok)
	}
}

func TestCatalogueAdd(t *testing.T) {
	c := NewCatalogue()
	c.Add("Shinzo Abe", "Shinzo Abe", herald.KindPerson)
	c.Add("Abe", "Shinzo Abe", "")
	c.Add("安倍晋三", "Shinzo Abe", "")
	for _, alias := range []string{"Abe", "ABE", "shinzo abe", "安倍晋三"} {
		m, ok := c.Lookup(alias)
		if !ok || m.Name != "Shinzo Abe" || m.Kind != herald.KindPerson {
			t.Errorf("Lookup(%q) = %+v, %v", alias, m, ok)
		}
	}
	if _, ok := NewCatalogue().Lookup("Abe"); ok {
		t.Error("an addition leaked into another catalogue")
	}
}

func TestCatalogueMergeAndRename(t *testing.T) {
	c := NewCatalogue()
	c.Add("Shinzo Abe", "Shinzo Abe", herald.KindPerson)
	c.Add("Abe", "Shinzo Abe", "")
	// An admin merges the topic into "Abe Shinzo": old aliases follow.
	c.Add("Shinzo Abe", "Abe Shinzo", "")
	for _, alias := range []string{"Abe", "Shinzo Abe", "Abe Shinzo"} {
		m, ok := c.Lookup(alias)
		if !ok || m.Name != "Abe Shinzo" || m.Kind != herald.KindPerson {
			t.Errorf("after merge Lookup(%q) = %+v, %v", alias, m, ok)
		}
	}
	// And back again: the latest Add wins, with no loop.
	c.Add("Abe Shinzo", "Shinzo Abe", "")
	for _, alias := range []string{"Abe", "Shinzo Abe", "Abe Shinzo"} {
		if m, ok := c.Lookup(alias); !ok || m.Name != "Shinzo Abe" {
			t.Errorf("after merge back Lookup(%q) = %+v, %v", alias, m, ok)
		}
	}
	// Re-pointing a built-in alias.
	c.Add("Holland", "Holland", herald.KindPlace)
	if m, _ := c.Lookup("Holland"); m.Name != "Holland" {
		t.Errorf("Holland = %+v", m)
	}
	if m, _ := c.Lookup("Netherlands"); m.Name != "Netherlands" {
		t.Errorf("Netherlands = %+v", m)
	}
}

func TestCatalogueAddIgnoresEmptyAndFixesKinds(t *testing.T) {
	c := NewCatalogue()
	c.Add("!!!", "Something", herald.KindPlace)
	c.Add("Thing", "", herald.KindPlace)
	if _, ok := c.Lookup("Thing"); ok {
		t.Error("an empty canonical name was added")
	}
	c.Add("Acme", "Acme", "ORG")
	c.Add("Widget", "Widget", "nonsense")
	c.Add("Gadget", "Gadget", "")
	for name, kind := range map[string]string{"Acme": herald.KindOrganisation, "Widget": herald.KindOther, "Gadget": herald.KindOther} {
		if m, _ := c.Lookup(name); m.Kind != kind {
			t.Errorf("%s kind = %q, want %q", name, m.Kind, kind)
		}
	}
}

func TestCatalogueAddDemonym(t *testing.T) {
	c := NewCatalogue()
	c.AddDemonym("Ruritanian", "Ruritania")
	m, ok := c.Lookup("Ruritanian")
	if !ok || m.Name != "Ruritania" || !m.Demonym || m.Kind != herald.KindPlace {
		t.Errorf("Lookup(Ruritanian) = %+v, %v", m, ok)
	}
}

func TestCatalogueConcurrent(t *testing.T) {
	c := NewCatalogue()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := range 200 {
				c.Add(string(rune('a'+i))+"lias", "Topic", herald.KindOther)
				_ = j
			}
		}()
		go func() {
			defer wg.Done()
			for range 200 {
				c.Lookup("Japan")
				c.Lookup("alias")
			}
		}()
	}
	wg.Wait()
}
