package placefile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Schema is what our validator reads of a TableSchema (frictionless data):
// the fields with their type, constraints and pattern, and the primary key.
// It checks files against the official schema file itself rather than
// against Parcours's own idea of it.
type Schema struct {
	Name       string
	Version    string
	Fields     []SchemaField
	PrimaryKey string
	Errata     []string // corrections applied to the official file, in French
}

// SchemaField is one column of the schema.
type SchemaField struct {
	Name      string
	Type      string // string, number, integer, date, boolean
	Required  bool
	Unique    bool
	MaxLength int
	Pattern   *regexp.Regexp // the schema's pattern, matched against the whole value
}

// Issue is one validation error: the row (1 for the first record, 0 for
// the file), the column and a French message.
type Issue struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (i Issue) String() string {
	if i.Row == 0 {
		return fmt.Sprintf("fichier, %s : %s", i.Field, i.Message)
	}
	return fmt.Sprintf("ligne %d, %s : %s", i.Row, i.Field, i.Message)
}

// etapesPattern is pitfall 3 of ../shared/data/README.md: the official
// pattern lacks the space the description and the national library use.
const etapesPattern = `Étapes numériques\(La Poste\)`

// LoadSchema reads a TableSchema file.
func LoadSchema(path string) (*Schema, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSchema(b)
}

// ParseSchema reads a TableSchema document. Patterns are anchored at both
// ends (the schema's are not anchored at the start, and TableSchema means a
// whole-value match) and must compile in Go's RE2 syntax.
func ParseSchema(b []byte) (*Schema, error) {
	var doc struct {
		Name       string `json:"name"`
		Version    string `json:"version"`
		PrimaryKey any    `json:"primaryKey"`
		Fields     []struct {
			Name        string `json:"name"`
			Type        string `json:"type"`
			Constraints struct {
				Required  bool   `json:"required"`
				Unique    bool   `json:"unique"`
				Pattern   string `json:"pattern"`
				MaxLength int    `json:"maxLength"`
			} `json:"constraints"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("schéma illisible : %w", err)
	}
	s := &Schema{Name: doc.Name, Version: doc.Version}
	if pk, ok := doc.PrimaryKey.(string); ok {
		s.PrimaryKey = pk
	}
	for _, f := range doc.Fields {
		sf := SchemaField{Name: f.Name, Type: f.Type, Required: f.Constraints.Required, Unique: f.Constraints.Unique || f.Name == s.PrimaryKey, MaxLength: f.Constraints.MaxLength}
		if sf.Type == "" {
			sf.Type = "string"
		}
		if pat := f.Constraints.Pattern; pat != "" {
			if strings.Contains(pat, etapesPattern) {
				pat = strings.ReplaceAll(pat, etapesPattern, `Étapes numériques ?\(La Poste\)`)
				s.Errata = append(s.Errata, f.Name+" : « Étapes numériques (La Poste) » accepté avec son espace, comme dans la description du champ et la bibliothèque nationale.")
			}
			re, err := regexp.Compile(`^(?:` + pat + `)$`)
			if err != nil {
				return nil, fmt.Errorf("motif du champ %s incompatible avec RE2 : %w", f.Name, err)
			}
			sf.Pattern = re
		}
		s.Fields = append(s.Fields, sf)
	}
	if len(s.Fields) == 0 {
		return nil, fmt.Errorf("schéma sans champ")
	}
	return s, nil
}

// FieldNames lists the columns in order.
func (s *Schema) FieldNames() []string {
	out := make([]string, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = f.Name
	}
	return out
}

// validator checks rows one after the other (unique values across rows).
type validator struct {
	s      *Schema
	seen   []map[string]int
	issues []Issue
}

func (s *Schema) newValidator() *validator {
	v := &validator{s: s, seen: make([]map[string]int, len(s.Fields))}
	for i, f := range s.Fields {
		if f.Unique {
			v.seen[i] = map[string]int{}
		}
	}
	return v
}

func (v *validator) add(row int, field, msg string) {
	v.issues = append(v.issues, Issue{Row: row, Field: field, Message: msg})
}

// check validates one value; number says whether a JSON value was a number.
func (v *validator) check(row, i int, val string, present, number bool) {
	f := v.s.Fields[i]
	if val == "" {
		if f.Required {
			v.add(row, f.Name, "valeur obligatoire absente")
		}
		return
	}
	switch f.Type {
	case "number":
		if _, err := strconv.ParseFloat(val, 64); err != nil || strings.ContainsAny(val, " ,") {
			v.add(row, f.Name, fmt.Sprintf("« %s » n'est pas un nombre", val))
		}
	case "integer":
		if _, err := strconv.ParseInt(val, 10, 64); err != nil {
			v.add(row, f.Name, fmt.Sprintf("« %s » n'est pas un entier", val))
		}
	case "date":
		if _, err := time.Parse("2006-01-02", val); err != nil {
			v.add(row, f.Name, fmt.Sprintf("« %s » n'est pas une date AAAA-MM-JJ", val))
		}
	case "boolean":
		if val != "true" && val != "false" {
			v.add(row, f.Name, fmt.Sprintf("« %s » n'est pas un booléen", val))
		}
	default:
		if number {
			v.add(row, f.Name, "texte attendu, nombre trouvé")
		}
	}
	if f.MaxLength > 0 {
		if n := utf8.RuneCountInString(val); n > f.MaxLength {
			v.add(row, f.Name, fmt.Sprintf("%d caractères pour %d au plus", n, f.MaxLength))
		}
	}
	if f.Pattern != nil && !f.Pattern.MatchString(val) {
		v.add(row, f.Name, fmt.Sprintf("« %s » ne correspond pas au motif du schéma", abbreviate(val, 120)))
	}
	if f.Unique {
		if first, dup := v.seen[i][val]; dup {
			v.add(row, f.Name, fmt.Sprintf("« %s » déjà présent ligne %d : valeur unique attendue", val, first))
		} else {
			v.seen[i][val] = row
		}
	}
}

func abbreviate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// ValidateCSV checks a CSV file: "," separator, the schema's columns in
// order, then every row. It returns the issues and the number of rows.
func (s *Schema) ValidateCSV(r io.Reader) ([]Issue, int, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, 0, err
	}
	if !utf8.Valid(b) {
		return []Issue{{Field: "", Message: "le fichier n'est pas en UTF-8"}}, 0, nil
	}
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
	cr.FieldsPerRecord = -1
	v := s.newValidator()
	header, err := cr.Read()
	if err != nil {
		return []Issue{{Message: "en-tête illisible"}}, 0, nil
	}
	names := s.FieldNames()
	if len(header) != len(names) {
		v.add(0, "", fmt.Sprintf("l'en-tête compte %d colonnes, le schéma %d", len(header), len(names)))
	}
	for i := range min(len(header), len(names)) {
		if header[i] != names[i] {
			v.add(0, names[i], fmt.Sprintf("colonne %d nommée « %s » au lieu de « %s »", i+1, header[i], names[i]))
		}
	}
	if len(v.issues) > 0 {
		return v.issues, 0, nil
	}
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		rows++
		if err != nil {
			v.add(rows, "", "ligne illisible : "+err.Error())
			continue
		}
		if len(rec) != len(names) {
			v.add(rows, "", fmt.Sprintf("%d colonnes au lieu de %d", len(rec), len(names)))
			continue
		}
		for i, val := range rec {
			v.check(rows, i, val, true, false)
		}
	}
	return v.issues, rows, nil
}

// ValidateJSON checks a JSON array of records with the schema's field names
// (the national library's JSON form: absent fields are empty).
func (s *Schema) ValidateJSON(r io.Reader) ([]Issue, int, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var recs []map[string]any
	if err := dec.Decode(&recs); err != nil {
		return []Issue{{Message: "JSON illisible ou pas une liste d'objets : " + err.Error()}}, 0, nil
	}
	v := s.newValidator()
	for n, rec := range recs {
		row := n + 1
		for k := range rec {
			known := false
			for _, f := range s.Fields {
				known = known || f.Name == k
			}
			if !known {
				v.add(row, k, "champ absent du schéma")
			}
		}
		for i, f := range s.Fields {
			raw, present := rec[f.Name]
			val, number := "", false
			switch x := raw.(type) {
			case nil:
			case string:
				val = x
			case json.Number:
				val, number = x.String(), true
			default:
				v.add(row, f.Name, "type inattendu (texte ou nombre attendu)")
				continue
			}
			if f.Type == "number" && present && !number && val != "" {
				v.add(row, f.Name, "nombre attendu, texte trouvé")
				continue
			}
			v.check(row, i, val, present, number)
		}
	}
	return v.issues, len(recs), nil
}
