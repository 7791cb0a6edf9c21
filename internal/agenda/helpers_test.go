package agenda

import "github.com/parcours-numerique/parcours/internal/apperr"

func asFields(err error) (map[string]string, bool) {
	e, ok := apperr.As(err)
	if !ok {
		return nil, false
	}
	return e.FieldMap(), true
}
