package api

import (
	"sort"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
)

// JSON shapes of the reception operations; names follow the national
// vocabularies (CRA, DORA) in French, as the OpenAPI fragment documents.

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
	p := person.Person{Kind: person.Kind(in.Kind), FirstName: in.FirstName, LastName: in.LastName, BirthYear: in.BirthYear,
		Gender: in.Gender, CommuneCode: in.CommuneCode, SocialStatus: in.SocialStatus, Phone: in.Phone, Email: in.Email,
		Language: in.Language, Needs: in.Needs, Status: person.Waiting}
	return p
}

type personOut struct {
	ID           int64    `json:"id"`
	Kind         string   `json:"suivi"`
	FirstName    string   `json:"prenom"`
	LastName     string   `json:"nom"`
	BirthYear    int      `json:"annee_naissance,omitempty"`
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
}

func personJSON(p person.Person, now time.Time) personOut {
	needs := p.Needs
	if needs == nil {
		needs = []string{}
	}
	return personOut{ID: p.ID, Kind: string(p.Kind), FirstName: p.FirstName, LastName: p.LastName, BirthYear: p.BirthYear,
		AgeBand: p.AgeBand(now), Gender: p.Gender, CommuneCode: p.CommuneCode, SocialStatus: p.SocialStatus, Phone: p.Phone,
		Email: p.Email, Language: p.Language, Needs: needs, FollowStatus: string(p.Status), Deadline: p.Deadline,
		CreatedAt: p.CreatedAt.Format(time.RFC3339)}
}

type personPage struct {
	Total   int         `json:"total"`
	Page    int         `json:"page"`
	PerPage int         `json:"par_page"`
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
	Service    string   `json:"service,omitempty"`
	CreatedAt  string   `json:"cree_le"`
}

func orEmpty(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

func evaluationJSON(e evaluation.Evaluation) evaluationOut {
	ans := e.Answers
	if ans == nil {
		ans = []bool{}
	}
	return evaluationOut{ID: e.ID, PersonID: e.PersonID, Themes: orEmpty(e.Themes), Procedures: orEmpty(e.Procedures), Deadline: e.Deadline,
		Equipment: orEmpty(e.Equipment), Answers: ans, Version: e.Version, Score: e.Score, Profile: string(e.Profile),
		NextStep: string(e.NextStep), CreatedAt: e.CreatedAt.Format(time.RFC3339)}
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

type referralOut struct {
	ID             int64    `json:"id"`
	State          string   `json:"etat"`
	Sender         string   `json:"structure_emettrice"`
	Receiver       string   `json:"destinataire"`
	ReceiverID     int64    `json:"structure_id,omitempty"`
	PlaceID        int64    `json:"lieu_id,omitempty"`
	PersonID       int64    `json:"personne_id,omitempty"`
	Name           string   `json:"nom"`
	Contact        string   `json:"contact"`
	ContactValue   string   `json:"contact_valeur"`
	Service        string   `json:"service"`
	AvailableFrom  string   `json:"disponible_le"`
	Reason         string   `json:"motif"`
	RefusalReasons []string `json:"motifs_refus"`
	Comment        string   `json:"commentaire"`
	CreatedAt      string   `json:"cree_le"`
	ExpiresAt      string   `json:"expire_le"`
	Link           string   `json:"lien,omitempty"`
}

func referralJSON(r referral.Referral) referralOut {
	return referralOut{ID: r.ID, State: string(r.State), Sender: r.SenderName, Receiver: r.ReceiverName, ReceiverID: r.ReceiverStructureID,
		PlaceID: r.ReceiverPlaceID, PersonID: r.PersonID, Name: r.PersonName, Contact: r.ContactMethod, ContactValue: r.ContactValue,
		Service: r.Service, AvailableFrom: r.AvailableFrom, Reason: r.Reason, RefusalReasons: orEmpty(r.RefusalReasons), Comment: r.Comment,
		CreatedAt: r.CreatedAt.Format(time.RFC3339), ExpiresAt: r.ExpiresAt().Format(time.RFC3339)}
}

type referralPage struct {
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
	PlaceID         int64            `json:"lieu_id,omitempty"`
	CommuneCode     string           `json:"commune_insee,omitempty"`
	Equipment       []string         `json:"materiel"`
	Themes          []string         `json:"thematiques"`
	Procedures      []string         `json:"demarches"`
	Details         string           `json:"precisions"`
	Autonomy        string           `json:"autonomie,omitempty"`
	Oriented        bool             `json:"oriente"`
	OrientationKind string           `json:"orientation_vers,omitempty"`
	PersonID        int64            `json:"personne_id,omitempty"`
	FirstTime       bool             `json:"premier_accompagnement"`
	AnonGender      string           `json:"genre,omitempty"`
	AnonAgeBand     string           `json:"tranche_age,omitempty"`
	AnonStatus      string           `json:"statut,omitempty"`
	Title           string           `json:"titre,omitempty"`
	Level           string           `json:"niveau,omitempty"`
	Participants    []participantOut `json:"participants"`
	AnonTotal       int              `json:"anonymes_total"`
	AnonReturning   int              `json:"anonymes_deja_accompagnes"`
	Count           int              `json:"accompagnements"`
	AuthorID        int64            `json:"auteur_id"`
	Notes           *string          `json:"notes,omitempty"`
}

// activityJSON gives the notes to their author only.
func activityJSON(a activity.Activity, reader int64) activityOut {
	out := activityOut{ID: a.ID, Type: a.Type, Date: a.Date, Duration: a.Duration, Canal: a.Canal, PlaceID: a.PlaceID, CommuneCode: a.CommuneCode,
		Equipment: orEmpty(a.Equipment), Themes: orEmpty(a.Themes), Procedures: orEmpty(a.Procedures), Details: a.Details,
		Autonomy: a.Autonomy, Oriented: a.Oriented, OrientationKind: a.OrientationKind, PersonID: a.PersonID, FirstTime: a.FirstTime,
		AnonGender: a.AnonGender, AnonAgeBand: a.AnonAgeBand, AnonStatus: a.AnonStatus, Title: a.Title, Level: a.Level,
		Participants: []participantOut{}, AnonTotal: a.AnonTotal, AnonReturning: a.AnonReturning, Count: a.Count(), AuthorID: a.AuthorID}
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
	Page       int           `json:"page"`
	PerPage    int           `json:"par_page"`
	Activities []activityOut `json:"activites"`
}

type timelineEvent struct {
	At         time.Time      `json:"date"`
	Type       string         `json:"type"`
	Evaluation *evaluationOut `json:"evaluation,omitempty"`
	Referral   *referralOut   `json:"orientation,omitempty"`
	Activity   *activityOut   `json:"activite,omitempty"`
}

type timelineOut struct {
	Person personOut       `json:"personne"`
	Events []timelineEvent `json:"evenements"`
}

func sortEvents(ev []timelineEvent) {
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].At.After(ev[j].At) })
}
