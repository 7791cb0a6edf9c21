package placefile

import (
	"bufio"
	"context"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// data·inclusion schema v1 (gip-inclusion/data-inclusion-schema,
// schemas/v1/structure.json and service.json): one structure and one
// service per place. The correspondences below are ours, written from the
// two vocabularies.

// DataInclusionSource names this producer in data·inclusion records.
const DataInclusionSource = "parcours"

// DIStructure is a data·inclusion v1 structure.
type DIStructure struct {
	ID                string   `json:"id"`
	Source            string   `json:"source"`
	Nom               string   `json:"nom"`
	Description       string   `json:"description"`
	DateMaj           string   `json:"date_maj"`
	Siret             string   `json:"siret,omitempty"`
	Adresse           string   `json:"adresse,omitempty"`
	ComplementAdresse string   `json:"complement_adresse,omitempty"`
	CodePostal        string   `json:"code_postal,omitempty"`
	CodeInsee         string   `json:"code_insee,omitempty"`
	Commune           string   `json:"commune,omitempty"`
	Latitude          *float64 `json:"latitude,omitempty"`
	Longitude         *float64 `json:"longitude,omitempty"`
	Telephone         string   `json:"telephone,omitempty"`
	Courriel          string   `json:"courriel,omitempty"`
	SiteWeb           string   `json:"site_web,omitempty"`
	HorairesAccueil   string   `json:"horaires_accueil,omitempty"`
	AccessibiliteLieu string   `json:"accessibilite_lieu,omitempty"`
	ReseauxPorteurs   []string `json:"reseaux_porteurs,omitempty"`
}

// DIService is a data·inclusion v1 service.
type DIService struct {
	ID                string   `json:"id"`
	StructureID       string   `json:"structure_id"`
	Source            string   `json:"source"`
	Nom               string   `json:"nom"`
	Description       string   `json:"description"`
	DateMaj           string   `json:"date_maj"`
	Type              string   `json:"type,omitempty"`
	Thematiques       []string `json:"thematiques,omitempty"`
	Frais             string   `json:"frais,omitempty"`
	FraisPrecisions   string   `json:"frais_precisions,omitempty"`
	Publics           []string `json:"publics,omitempty"`
	PublicsPrecisions string   `json:"publics_precisions,omitempty"`
	ModesAccueil      []string `json:"modes_accueil,omitempty"`
	ModesMobilisation []string `json:"modes_mobilisation,omitempty"`
	MobilisablePar    []string `json:"mobilisable_par,omitempty"`
	LienMobilisation  string   `json:"lien_mobilisation,omitempty"`
	Telephone         string   `json:"telephone,omitempty"`
	Courriel          string   `json:"courriel,omitempty"`
	HorairesAccueil   string   `json:"horaires_accueil,omitempty"`
	ZoneEligibilite   []string `json:"zone_eligibilite,omitempty"`
	Adresse           string   `json:"adresse,omitempty"`
	ComplementAdresse string   `json:"complement_adresse,omitempty"`
	CodePostal        string   `json:"code_postal,omitempty"`
	CodeInsee         string   `json:"code_insee,omitempty"`
	Commune           string   `json:"commune,omitempty"`
	Latitude          *float64 `json:"latitude,omitempty"`
	Longitude         *float64 `json:"longitude,omitempty"`
}

var diThematiques = map[string][]string{
	"Aide aux démarches administratives":                    {"difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives", "numerique--acceder-a-des-services-en-ligne"},
	"Maîtrise des outils numériques du quotidien":           {"numerique--maitriser-les-fondamentaux-du-numerique"},
	"Insertion professionnelle via le numérique":            {"preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi", "numerique--maitriser-les-fondamentaux-du-numerique"},
	"Utilisation sécurisée du numérique":                    {"numerique--maitriser-les-fondamentaux-du-numerique"},
	"Parentalité et éducation avec le numérique":            {"famille--soutien-a-la-parentalite-et-a-leducation"},
	"Loisirs et créations numériques":                       {"numerique--maitriser-les-fondamentaux-du-numerique"},
	"Compréhension du monde numérique":                      {"numerique--maitriser-les-fondamentaux-du-numerique"},
	"Accès internet et matériel informatique":               {"numerique--acceder-a-une-connexion-internet"},
	"Acquisition de matériel informatique à prix solidaire": {"numerique--acquerir-un-equipement"},
}

var diPublics = map[string]string{
	"Jeunes": "jeunes", "Étudiants": "etudiants", "Familles et/ou enfants": "familles", "Seniors": "seniors", "Femmes": "femmes",
	"Surdité": "personnes-en-situation-de-handicap", "Handicaps moteurs": "personnes-en-situation-de-handicap",
	"Handicaps mentaux": "personnes-en-situation-de-handicap", "Déficience visuelle": "personnes-en-situation-de-handicap",
	"Langues étrangères (anglais)": "personnes-exilees", "Langues étrangères (autres)": "personnes-exilees",
}

var diMobilisation = map[string]string{
	"Se présenter": "se-presenter", "Téléphoner": "telephoner", "Contacter par mail": "envoyer-un-courriel",
	"Envoyer un mail avec une fiche de prescription": "envoyer-un-courriel", "Prendre un RDV en ligne": "utiliser-lien-mobilisation",
}

var diReseaux = map[string]string{
	"Aidants Connect": "aidants-connect", "Conseillers numériques": "conseillers-numeriques", "France Services": "france-service",
	"Grande école du numérique": "grandes-ecoles-du-numerique", "La Croix Rouge": "croix-rouge",
	"Emmaüs Connect": "emmaus", "Relais numérique (Emmaüs Connect)": "emmaus",
}

var digits14 = regexp.MustCompile(`^\d{14}$`)

// DataInclusion converts one place into a data·inclusion structure and service.
func DataInclusion(p place.Place, id string) (DIStructure, DIService) {
	p = Exportable(p)
	date := p.UpdatedOn.UTC().Format(placestore.DateLayout)
	name := diName(p)
	desc := diDescription(p)
	s := DIStructure{
		ID: id, Source: DataInclusionSource, Nom: name, Description: desc, DateMaj: date,
		Adresse: p.Address, ComplementAdresse: p.AddressComplement, CodePostal: p.PostalCode, CodeInsee: p.InseeCode, Commune: p.Commune,
		Telephone: p.Phone, HorairesAccueil: p.Hours, AccessibiliteLieu: p.AccessibilityURL,
	}
	if digits14.MatchString(p.Pivot) && p.Pivot != place.UnknownPivot {
		s.Siret = p.Pivot
	}
	if p.HasCoords {
		lat, lon := p.Latitude, p.Longitude
		s.Latitude, s.Longitude = &lat, &lon
	}
	if len(p.Emails) > 0 {
		s.Courriel = p.Emails[0]
	}
	if len(p.Websites) > 0 {
		s.SiteWeb = p.Websites[0]
	}
	for _, np := range p.NationalPrograms {
		if r, ok := diReseaux[np]; ok && !slices.Contains(s.ReseauxPorteurs, r) {
			s.ReseauxPorteurs = append(s.ReseauxPorteurs, r)
		}
	}
	slices.Sort(s.ReseauxPorteurs)

	v := DIService{
		ID: id + "--mediation-numerique", StructureID: id, Source: DataInclusionSource, Nom: "Accompagnement au numérique",
		Description: diServiceDescription(p), DateMaj: date, LienMobilisation: p.BookingURL,
		Telephone: s.Telephone, Courriel: s.Courriel, HorairesAccueil: p.Hours, MobilisablePar: []string{"usagers", "professionnels"},
		Adresse: s.Adresse, ComplementAdresse: s.ComplementAdresse, CodePostal: s.CodePostal, CodeInsee: s.CodeInsee, Commune: s.Commune,
		Latitude: s.Latitude, Longitude: s.Longitude,
	}
	switch {
	case slices.Contains(p.SupportModes, "Accompagnement individuel"):
		v.Type = "accompagnement"
	case slices.Contains(p.SupportModes, "Dans un atelier collectif"):
		v.Type = "atelier"
	case slices.Contains(p.SupportModes, "En autonomie"):
		v.Type = "aide-materielle"
	}
	for _, sv := range p.Services {
		for _, t := range diThematiques[sv] {
			if !slices.Contains(v.Thematiques, t) {
				v.Thematiques = append(v.Thematiques, t)
			}
		}
	}
	slices.Sort(v.Thematiques)
	switch {
	case slices.Contains(p.Fees, "Gratuit"):
		v.Frais = "gratuit"
	case slices.Contains(p.Fees, "Gratuit sous condition"):
		v.Frais, v.FraisPrecisions = "gratuit", "Gratuit sous condition"
	case slices.Contains(p.Fees, "Payant"):
		v.Frais = "payant"
	}
	if v.Frais == "gratuit" && slices.Contains(p.Fees, "Payant") {
		v.FraisPrecisions = strings.Join(p.Fees, ", ")
	}
	for _, pub := range append(slices.Clone(p.Publics), p.SpecificSupport...) {
		if d, ok := diPublics[pub]; ok && !slices.Contains(v.Publics, d) {
			v.Publics = append(v.Publics, d)
		}
	}
	slices.Sort(v.Publics)
	if len(v.Publics) == 0 {
		v.Publics = []string{"tous-publics"}
	}
	if pr := append(slices.Clone(p.Publics), p.SpecificSupport...); len(pr) > 0 {
		v.PublicsPrecisions = strings.Join(pr, ", ")
	}
	v.ModesAccueil = []string{"en-presentiel"}
	if slices.Contains(p.AccessModes, "Ce lieu n'accueille pas de public") {
		v.ModesAccueil = nil
	}
	if slices.Contains(p.SupportModes, "À distance") {
		v.ModesAccueil = append(v.ModesAccueil, "a-distance")
	}
	for _, m := range p.AccessModes {
		if d, ok := diMobilisation[m]; ok && !slices.Contains(v.ModesMobilisation, d) {
			v.ModesMobilisation = append(v.ModesMobilisation, d)
		}
	}
	slices.Sort(v.ModesMobilisation)
	if dep := p.Department(); dep != "" {
		v.ZoneEligibilite = []string{dep}
	}
	return s, v
}

// diName fits the name into data·inclusion's rule: 3 to 150 characters,
// not ending with a full stop.
func diName(p place.Place) string {
	n := strings.TrimRight(strings.TrimSpace(p.Name), ". ")
	if utf8.RuneCountInString(n) < 3 {
		n = strings.TrimSpace(n + " – " + p.Commune)
	}
	if utf8.RuneCountInString(n) > 150 {
		n = strings.TrimRight(string([]rune(n)[:149]), " .,;:") + "…"
	}
	return n
}

// diDescription is the place's own text, or a sentence built from its
// fields, within 50 to 2000 characters.
func diDescription(p place.Place) string {
	d := strings.TrimSpace(p.Description)
	if d == "" {
		d = strings.TrimSpace(p.Summary)
	}
	if utf8.RuneCountInString(d) < 50 {
		extra := "Lieu de médiation numérique à " + p.Commune
		if len(p.Services) > 0 {
			extra += ". Services : " + strings.Join(p.Services, ", ")
		}
		extra += "."
		if d == "" {
			d = extra
		} else {
			d += " " + extra
		}
	}
	return fitDescription(d)
}

func diServiceDescription(p place.Place) string {
	var parts []string
	if len(p.Services) > 0 {
		parts = append(parts, "Services proposés : "+strings.Join(p.Services, ", ")+".")
	} else {
		parts = append(parts, "Accompagnement aux usages du numérique.")
	}
	if len(p.SupportModes) > 0 {
		parts = append(parts, "Modalités d'accompagnement : "+strings.Join(p.SupportModes, ", ")+".")
	}
	if s := strings.TrimSpace(p.Summary); s != "" {
		parts = append(parts, s)
	}
	d := strings.Join(parts, " ")
	if utf8.RuneCountInString(d) < 50 {
		d += " Lieu de médiation numérique à " + p.Commune + "."
	}
	return fitDescription(d)
}

func fitDescription(d string) string {
	for utf8.RuneCountInString(d) < 50 {
		d += " Informations à confirmer auprès du lieu."
	}
	if utf8.RuneCountInString(d) > 2000 {
		d = shorten(d, 2000)
	}
	return d
}

// writeDataInclusion writes {"structures": […], "services": […]}.
func writeDataInclusion(ctx context.Context, st *placestore.Store, w *bufio.Writer, ids *IDs) (int, error) {
	n := 0
	for pass, key := range []string{"structures", "services"} {
		if pass == 0 {
			w.WriteString("{\n")
		} else {
			w.WriteString(",\n")
		}
		w.WriteString(`"` + key + `": [`)
		ids.emitted = map[string]bool{}
		i := 0
		err := st.EachPlace(ctx, placestore.PlaceFilter{}, func(p place.Place) error {
			s, v := DataInclusion(p, ids.ID(&p))
			var b []byte
			if pass == 0 {
				b, _ = json.Marshal(s)
				n++
			} else {
				b, _ = json.Marshal(v)
			}
			if i > 0 {
				w.WriteString(",")
			}
			i++
			w.WriteString("\n")
			_, err := w.Write(b)
			return err
		})
		if err != nil {
			return n, err
		}
		w.WriteString("\n]")
	}
	w.WriteString("\n}\n")
	return n, nil
}
