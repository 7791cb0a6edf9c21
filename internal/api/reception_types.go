package api

import (
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/evaluations"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
)

// JSON shapes of the reception operations; names follow the national
// vocabularies (CRA, DORA) in French, as the OpenAPI fragment documents.
// Date-times are RFC 3339 with the Paris offset; absent ids are null.

// dateTime writes a moment as RFC 3339 with its offset, in Paris time.
func dateTime(t time.Time) string { return t.In(frtime.Paris).Format(time.RFC3339) }

// optDateTime is dateTime, or null for no moment.
func optDateTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := dateTime(t)
	return &s
}

// optID is an id, or null for none.
func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

type personInput struct {
	Kind               string   `json:"suivi"`
	FirstName          string   `json:"prenom"`
	LastName           string   `json:"nom"`
	BirthYear          int      `json:"annee_naissance"`
	Gender             string   `json:"genre"`
	CommuneCode        string   `json:"commune_insee"`
	SocialStatus       string   `json:"statut"`
	Phone              string   `json:"telephone"`
	Email              string   `json:"courriel"`
	Language           string   `json:"langue"`
	Needs              []string `json:"besoins"`
	Consents           []string `json:"consentements"`
	DuplicateConfirmed bool     `json:"doublon_confirme"`
}

func (in personInput) person() person.Person {
	return person.Person{Kind: person.Kind(in.Kind), FirstName: in.FirstName, LastName: in.LastName, BirthYear: in.BirthYear,
		Gender: in.Gender, CommuneCode: in.CommuneCode, SocialStatus: in.SocialStatus, Phone: in.Phone, Email: in.Email,
		Language: in.Language, Needs: in.Needs}
}

type personOut struct {
	ID           int64    `json:"id"`
	Kind         string   `json:"suivi"`
	FirstName    string   `json:"prenom"`
	LastName     string   `json:"nom"`
	BirthYear    *int     `json:"annee_naissance"`
	AgeBand      string   `json:"tranche_age"`
	Gender       string   `json:"genre"`
	CommuneCode  string   `json:"commune_insee"`
	SocialStatus string   `json:"statut"`
	Phone        string   `json:"telephone"`
	Email        string   `json:"courriel"`
	Language     string   `json:"langue"`
	Needs        []string `json:"besoins"`
	FollowStatus string   `json:"statut_suivi"`
	Deadline     string   `json:"echeance"`
	CreatedAt    string   `json:"cree_le"`
	UpdatedAt    string   `json:"modifie_le"`
}

func personJSON(p person.Person, now time.Time) personOut {
	out := personOut{ID: p.ID, Kind: string(p.Kind), FirstName: p.FirstName, LastName: p.LastName,
		AgeBand: p.AgeBand(now), Gender: p.Gender, CommuneCode: p.CommuneCode, SocialStatus: p.SocialStatus, Phone: p.Phone,
		Email: p.Email, Language: p.Language, Needs: orEmpty(p.Needs), FollowStatus: string(p.Status), Deadline: p.Deadline,
		CreatedAt: dateTime(p.CreatedAt), UpdatedAt: dateTime(p.UpdatedAt)}
	if p.BirthYear != 0 {
		y := p.BirthYear
		out.BirthYear = &y
	}
	return out
}

type personPage struct {
	Total   int         `json:"total"`
	Next    *string     `json:"suivant"`
	Persons []personOut `json:"personnes"`
}

type evaluationInput struct {
	PersonID   int64    `json:"personne_id"`
	Themes     []string `json:"thematiques"`
	Procedures []string `json:"demarches"`
	Deadline   string   `json:"echeance"`
	Equipment  []string `json:"equipement"`
	Answers    []bool   `json:"reponses"`
}

func (in evaluationInput) input() evaluations.Input {
	return evaluations.Input{Themes: in.Themes, Procedures: in.Procedures, Deadline: in.Deadline, Equipment: in.Equipment, Answers: in.Answers}
}

type evaluationOut struct {
	ID         int64    `json:"id"`
	PersonID   int64    `json:"personne_id"`
	Themes     []string `json:"thematiques"`
	Procedures []string `json:"demarches"`
	Deadline   string   `json:"echeance"`
	Equipment  []string `json:"equipement"`
	Answers    []bool   `json:"reponses"`
	Version    string   `json:"version_questions"`
	Score      int      `json:"score"`
	Profile    string   `json:"profil"`
	NextStep   string   `json:"etape_suivante"`
	Service    string   `json:"service"`
	CreatedAt  string   `json:"cree_le"`
	UpdatedAt  string   `json:"modifie_le"`
}

func evaluationJSON(e evaluation.Evaluation) evaluationOut {
	ans := e.Answers
	if ans == nil {
		ans = []bool{}
	}
	return evaluationOut{ID: e.ID, PersonID: e.PersonID, Themes: orEmpty(e.Themes), Procedures: orEmpty(e.Procedures), Deadline: e.Deadline,
		Equipment: orEmpty(e.Equipment), Answers: ans, Version: e.Version, Score: e.Score, Profile: string(e.Profile),
		NextStep: string(e.NextStep), Service: e.Service(), CreatedAt: dateTime(e.CreatedAt), UpdatedAt: dateTime(e.UpdatedAt)}
}

type evaluationPage struct {
	Next        *string         `json:"suivant"`
	Evaluations []evaluationOut `json:"evaluations"`
}

type referralInput struct {
	PersonID      int64  `json:"personne_id"`
	EvaluationID  int64  `json:"evaluation_id"`
	StructureID   int64  `json:"structure_id"`
	PlaceID       int64  `json:"lieu_id"`
	Name          string `json:"nom"`
	Contact       string `json:"contact"`
	ContactValue  string `json:"contact_valeur"`
	Service       string `json:"service"`
	AvailableFrom string `json:"disponible_le"`
	Reason        string `json:"motif"`
	Informed      bool   `json:"personne_informee"`
	ShareConsent  bool   `json:"consentement_partage"`
}

func (in referralInput) referral(base string) referrals.NewReferral {
	return referrals.NewReferral{PersonID: in.PersonID, EvaluationID: in.EvaluationID, StructureID: in.StructureID, PlaceID: in.PlaceID,
		Name: in.Name, Contact: in.Contact, ContactValue: in.ContactValue, Service: in.Service, AvailableFrom: in.AvailableFrom,
		Reason: in.Reason, Informed: in.Informed, ShareConsent: in.ShareConsent, Base: base}
}

type referralOut struct {
	ID             int64    `json:"id"`
	State          string   `json:"etat"`
	SenderID       int64    `json:"structure_emettrice_id"`
	Sender         string   `json:"structure_emettrice"`
	Receiver       string   `json:"destinataire"`
	ReceiverID     *int64   `json:"structure_id"`
	PlaceID        *int64   `json:"lieu_id"`
	PersonID       *int64   `json:"personne_id"`
	EvaluationID   *int64   `json:"evaluation_id"`
	Name           string   `json:"nom"`
	Contact        string   `json:"contact"`
	ContactValue   string   `json:"contact_valeur"`
	Service        string   `json:"service"`
	AvailableFrom  string   `json:"disponible_le"`
	Reason         string   `json:"motif"`
	RefusalReasons []string `json:"motifs_refus"`
	Comment        string   `json:"commentaire"`
	CreatedAt      string   `json:"cree_le"`
	UpdatedAt      string   `json:"modifie_le"`
	ExpiresAt      string   `json:"expire_le"`
	ClosedAt       *string  `json:"cloturee_le"`
	Link           *string  `json:"lien,omitempty"`
}

func referralJSON(r referral.Referral) referralOut {
	return referralOut{ID: r.ID, State: string(r.State), SenderID: r.SenderStructureID, Sender: r.SenderName, Receiver: r.ReceiverName,
		ReceiverID: optID(r.ReceiverStructureID), PlaceID: optID(r.ReceiverPlaceID), PersonID: optID(r.PersonID), EvaluationID: optID(r.EvaluationID),
		Name: r.PersonName, Contact: r.ContactMethod, ContactValue: r.ContactValue, Service: r.Service, AvailableFrom: r.AvailableFrom,
		Reason: r.Reason, RefusalReasons: orEmpty(r.RefusalReasons), Comment: r.Comment, CreatedAt: dateTime(r.CreatedAt),
		UpdatedAt: dateTime(r.UpdatedAt), ExpiresAt: dateTime(r.ExpiresAt()), ClosedAt: optDateTime(r.ClosedAt)}
}

type referralPage struct {
	Next      *string       `json:"suivant"`
	Referrals []referralOut `json:"orientations"`
}

type decisionInput struct {
	Decision string   `json:"decision"`
	Reasons  []string `json:"motifs"`
	Comment  string   `json:"commentaire"`
}

type activityInput struct {
	Type            string         `json:"type"`
	Date            string         `json:"date"`
	Duration        int            `json:"duree"`
	Canal           string         `json:"canal"`
	PlaceID         int64          `json:"lieu_id"`
	CommuneCode     string         `json:"commune_insee"`
	Equipment       []string       `json:"materiel"`
	Themes          []string       `json:"thematiques"`
	Procedures      []string       `json:"demarches"`
	Details         string         `json:"precisions"`
	Autonomy        string         `json:"autonomie"`
	Oriented        bool           `json:"oriente"`
	OrientationKind string         `json:"orientation_vers"`
	PersonID        int64          `json:"personne_id"`
	AnonGender      string         `json:"genre"`
	AnonAgeBand     string         `json:"tranche_age"`
	AnonStatus      string         `json:"statut"`
	AnonCommune     string         `json:"commune_residence_insee"`
	Title           string         `json:"titre"`
	Level           string         `json:"niveau"`
	Participants    []int64        `json:"participants"`
	AnonTotal       int            `json:"anonymes_total"`
	AnonReturning   int            `json:"anonymes_deja_accompagnes"`
	AnonCounts      map[string]int `json:"anonymes_repartition"`
	Notes           string         `json:"notes"`
}

func (in activityInput) activity() activity.Activity {
	a := activity.Activity{Type: in.Type, Date: in.Date, Duration: in.Duration, Canal: in.Canal, PlaceID: in.PlaceID, CommuneCode: in.CommuneCode,
		Equipment: in.Equipment, Themes: in.Themes, Procedures: in.Procedures, Details: in.Details, Autonomy: in.Autonomy,
		Oriented: in.Oriented, OrientationKind: in.OrientationKind, PersonID: in.PersonID, AnonGender: in.AnonGender,
		AnonAgeBand: in.AnonAgeBand, AnonStatus: in.AnonStatus, AnonCommune: in.AnonCommune, Title: in.Title, Level: in.Level,
		AnonTotal: in.AnonTotal, AnonReturning: in.AnonReturning, AnonCounts: in.AnonCounts, Notes: in.Notes}
	a.SetParticipantIDs(in.Participants)
	return a
}

type participantOut struct {
	PersonID  int64 `json:"personne_id"`
	FirstTime bool  `json:"premier_accompagnement"`
}

type activityOut struct {
	ID              int64            `json:"id"`
	Type            string           `json:"type"`
	Date            string           `json:"date"`
	Duration        int              `json:"duree"`
	Canal           string           `json:"canal"`
	PlaceID         *int64           `json:"lieu_id"`
	CommuneCode     string           `json:"commune_insee"`
	Equipment       []string         `json:"materiel"`
	Themes          []string         `json:"thematiques"`
	Procedures      []string         `json:"demarches"`
	Details         string           `json:"precisions"`
	Autonomy        string           `json:"autonomie"`
	Oriented        bool             `json:"oriente"`
	OrientationKind string           `json:"orientation_vers"`
	PersonID        *int64           `json:"personne_id"`
	FirstTime       bool             `json:"premier_accompagnement"`
	AnonGender      string           `json:"genre"`
	AnonAgeBand     string           `json:"tranche_age"`
	AnonStatus      string           `json:"statut"`
	AnonCommune     string           `json:"commune_residence_insee"`
	Title           string           `json:"titre"`
	Level           string           `json:"niveau"`
	Participants    []participantOut `json:"participants"`
	AnonTotal       int              `json:"anonymes_total"`
	AnonReturning   int              `json:"anonymes_deja_accompagnes"`
	AnonCounts      map[string]int   `json:"anonymes_repartition"`
	Count           int              `json:"accompagnements"`
	AuthorID        *int64           `json:"auteur_id"`
	Notes           *string          `json:"notes,omitempty"`
	CreatedAt       string           `json:"cree_le"`
	UpdatedAt       string           `json:"modifie_le"`
}

// activityJSON gives the notes to their author only.
func activityJSON(a activity.Activity, reader int64) activityOut {
	out := activityOut{ID: a.ID, Type: a.Type, Date: a.Date, Duration: a.Duration, Canal: a.Canal, PlaceID: optID(a.PlaceID), CommuneCode: a.CommuneCode,
		Equipment: orEmpty(a.Equipment), Themes: orEmpty(a.Themes), Procedures: orEmpty(a.Procedures), Details: a.Details,
		Autonomy: a.Autonomy, Oriented: a.Oriented, OrientationKind: a.OrientationKind, PersonID: optID(a.PersonID), FirstTime: a.FirstTime,
		AnonGender: a.AnonGender, AnonAgeBand: a.AnonAgeBand, AnonStatus: a.AnonStatus, AnonCommune: a.AnonCommune, Title: a.Title, Level: a.Level,
		Participants: []participantOut{}, AnonTotal: a.AnonTotal, AnonReturning: a.AnonReturning, AnonCounts: a.AnonCounts, Count: a.Count(),
		AuthorID: optID(a.AuthorID), CreatedAt: dateTime(a.CreatedAt), UpdatedAt: dateTime(a.UpdatedAt)}
	if out.AnonCounts == nil {
		out.AnonCounts = map[string]int{}
	}
	for _, p := range a.Participants {
		out.Participants = append(out.Participants, participantOut{PersonID: p.PersonID, FirstTime: p.FirstTime})
	}
	if a.AuthorID == reader {
		notes := a.Notes
		out.Notes = &notes
	}
	return out
}

type activityPage struct {
	Total      int           `json:"total"`
	Next       *string       `json:"suivant"`
	Activities []activityOut `json:"activites"`
}

type timelineEvent struct {
	At         string         `json:"date"`
	Type       string         `json:"type"`
	Evaluation *evaluationOut `json:"evaluation,omitempty"`
	Referral   *referralOut   `json:"orientation,omitempty"`
	Activity   *activityOut   `json:"activite,omitempty"`
}

type timelineOut struct {
	Person personOut       `json:"personne"`
	Events []timelineEvent `json:"evenements"`
}
