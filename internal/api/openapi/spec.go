// Package openapi is the API's contract: the OpenAPI document assembled from
// one fragment per capability, and the validation of requests and responses
// against it, with French messages naming the API field at fault.
package openapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// The document is base.json plus one fragment per capability; each fragment
// holds "paths", "components" and "tags" and may not redefine anything.
//
//go:embed *.json
var specFS embed.FS

var httpMethods = []string{"get", "put", "post", "delete", "patch", "head", "options"}

// Assemble merges the fragments and returns the document and each
// operationId's route pattern under prefix ("GET /api/v1/lieux").
func Assemble(prefix string) ([]byte, map[string]string, error) {
	var doc map[string]any
	if err := readJSON("base.json", &doc); err != nil {
		return nil, nil, err
	}
	paths := doc["paths"].(map[string]any)
	components := doc["components"].(map[string]any)
	var tags []any
	if t, ok := doc["tags"].([]any); ok {
		tags = t
	}
	files, _ := fs.Glob(specFS, "*.json")
	sort.Strings(files)
	for _, f := range files {
		if f == "base.json" {
			continue
		}
		var frag map[string]any
		if err := readJSON(f, &frag); err != nil {
			return nil, nil, err
		}
		if p, ok := frag["paths"].(map[string]any); ok {
			for k, v := range p {
				if _, dup := paths[k]; dup {
					return nil, nil, fmt.Errorf("openapi: %s redefines path %s", f, k)
				}
				paths[k] = v
			}
		}
		if c, ok := frag["components"].(map[string]any); ok {
			for section, entries := range c {
				dst, ok := components[section].(map[string]any)
				if !ok {
					dst = map[string]any{}
					components[section] = dst
				}
				for name, v := range entries.(map[string]any) {
					if _, dup := dst[name]; dup {
						return nil, nil, fmt.Errorf("openapi: %s redefines components.%s.%s", f, section, name)
					}
					dst[name] = v
				}
			}
		}
		if t, ok := frag["tags"].([]any); ok {
			tags = append(tags, t...)
		}
	}
	doc["tags"] = tags
	ops := map[string]string{}
	for path, item := range paths {
		for _, m := range httpMethods {
			op, ok := item.(map[string]any)[m].(map[string]any)
			if !ok {
				continue
			}
			id, _ := op["operationId"].(string)
			if id == "" {
				return nil, nil, fmt.Errorf("openapi: %s %s has no operationId", m, path)
			}
			if _, dup := ops[id]; dup {
				return nil, nil, fmt.Errorf("openapi: operationId %s used twice", id)
			}
			ops[id] = strings.ToUpper(m) + " " + prefix + path
		}
	}
	closeObjects(doc["paths"])
	closeObjects(doc["components"])
	b, err := json.MarshalIndent(doc, "", "  ")
	return b, ops, err
}

// closeObjects makes every object schema that lists its properties refuse
// the others (additionalProperties: false), unless it says otherwise: a
// misspelt or differently cased field is an error, not silently dropped.
func closeObjects(v any) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["properties"].(map[string]any); ok {
			if _, set := x["additionalProperties"]; !set {
				x["additionalProperties"] = false
			}
		}
		for _, child := range x {
			closeObjects(child)
		}
	case []any:
		for _, child := range x {
			closeObjects(child)
		}
	}
}

func readJSON(name string, v any) error {
	b, err := specFS.ReadFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("openapi: %s: %w", name, err)
	}
	return nil
}
