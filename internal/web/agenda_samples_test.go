package web

// Agenda: permanences, appointments, workshops, notifications.

import (
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

var (
	agendaSampleNow    = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	agendaSampleMotive = agenda.Motive{ID: 4, StructureID: 3, StructureName: "CCAS d'Igny", Name: "Accompagnement numérique", Duration: 30,
		Location: agenda.LocationOnSite, BookableBy: agenda.BookAnyone, MinDelayHours: 2, MaxDelayDays: 60, InstructionsBefore: "Apportez votre téléphone."}
	agendaSamplePermanence = agenda.Permanence{ID: 5, StructureID: 3, PlaceID: 1, PlaceName: "Espace numérique", StaffIDs: []int64{7}, StaffNames: []string{"Mehdi Médiateur"},
		Weekday: time.Tuesday, Start: 540, End: 720, EveryWeeks: 1, From: "2026-03-03", SkipHolidays: true, Cancelled: []string{"2026-04-14"},
		MotiveIDs: []int64{4}, MotiveNames: []string{"Accompagnement numérique"}, Mode: agenda.ModeBoth}
	agendaSampleAppointment = agenda.Appointment{ID: 9, StructureID: 3, StructureName: "CCAS d'Igny", PlaceID: 1, PlaceName: "Espace numérique", PermanenceID: 5,
		MotiveID: 4, MotiveName: "Accompagnement numérique", Location: agenda.LocationOnSite, StaffID: 7, StaffName: "Mehdi Médiateur",
		Start: agendaSampleNow.Add(24 * time.Hour), End: agendaSampleNow.Add(24*time.Hour + 30*time.Minute), Status: agenda.StatusPresent, PersonID: 12,
		Name: "Marie Dupont", Phone: "+33612345678", Email: "marie@exemple.fr", Need: "Ouvrir ses e-mails", ConsentWording: agenda.ConsentWording("CCAS d'Igny"),
		BookedVia: agenda.ViaPartner, BookedByStructureID: 4, BookedByStructureName: "France Services", ReferralID: 2, CreatedAt: agendaSampleNow}
	agendaSampleMessage = notify.Message{ID: 1, StructureID: 3, Kind: notify.Confirmation, Channel: notify.SMS, To: "+33612345678", Body: "CCAS : rendez-vous confirmé.",
		Key: "k", Status: notify.Outbox, ICS: "BEGIN:VCALENDAR", CreatedAt: agendaSampleNow,
		Receipts: []notify.Receipt{{At: agendaSampleNow, Channel: notify.SMS, Result: notify.Outbox, Detail: "Aucun service configuré", ProviderID: "brevo:1"}}}
	agendaSampleWorkshop = workshop.Workshop{ID: 6, StructureID: 3, StructureName: "CCAS d'Igny", PlaceID: 1, PlaceName: "Salle des fêtes", PlaceAddress: "1 place Stalingrad, 91430 Igny",
		Title: "Premiers pas sur la tablette", Themes: []string{"prendre_en_main_du_materiel"}, Level: "debutant", Description: "On apprend à allumer la tablette.",
		Audience: workshop.AudienceSeniors, Capacity: 8, Taken: 8, WaitingCount: 3, PassNumerique: true, Published: true, OnlineRegistration: true, StaffID: 7, StaffName: "Mehdi",
		Sessions: []workshop.Session{{ID: 11, WorkshopID: 6, Start: agendaSampleNow, End: agendaSampleNow.Add(2 * time.Hour), WalkIns: 2, AttendanceAt: agendaSampleNow, ActivityID: 21},
			{ID: 12, WorkshopID: 6, Start: agendaSampleNow.AddDate(0, 0, 7), End: agendaSampleNow.AddDate(0, 0, 7).Add(2 * time.Hour)}}}
	agendaSampleRegistration = workshop.Registration{ID: 15, WorkshopID: 6, StructureID: 3, PersonID: 12, Name: "Marie Dupont", Phone: "+33612345678",
		Status: workshop.Offered, OfferExpiresAt: agendaSampleNow.Add(24 * time.Hour), CreatedAt: agendaSampleNow, Rank: 0}
	agendaSampleWaiting = workshop.Registration{ID: 16, WorkshopID: 6, StructureID: 3, Name: "Karim Benali", Email: "karim@exemple.fr", Status: workshop.Waiting, Rank: 1, CreatedAt: agendaSampleNow}
	agendaSampleOptions = []option{{Value: "", Label: "Choisir"}, {Value: "1", Label: "Un", Hint: "Le premier"}}
	agendaSampleDays    = []slotDay{{Date: agendaSampleNow, Label: "mardi 3 mars 2026", Slots: agendaSampleSlots, Places: []slotPlace{{Name: "Espace numérique", Slots: agendaSampleSlots}}}}
	agendaSampleSlots   = []slotChoice{{Value: "5-1772528400", Time: "9 h", PlaceName: "Espace numérique"}}
)

// agendaSamples gives this capability's templates their sample data.
var agendaSamples = map[string]any{
	"agenda_week": agendaWeekData{WeekLabel: "Semaine du 2 au 8 mars 2026", Prev: "/espace/agenda?semaine=2026-02-23", Next: "/espace/agenda?semaine=2026-03-09",
		Places: agendaSampleOptions, Staff: agendaSampleOptions, CanOrganize: true, Appointments: 1,
		Days: []agendaDay{{Label: "lundi 2 mars 2026", Items: []agendaItem{
			{Time: "9 h – 12 h", Kind: "permanence", Title: "Permanence sur rendez-vous – Espace numérique", Detail: "Mehdi", Href: "/espace/agenda/permanences/5"},
			{Time: "9 h – 9 h 30", Kind: "rdv", Title: "Rendez-vous : Marie Dupont", Href: "/espace/agenda/rendez-vous/9", Status: "present", StatusLabel: "Présent"},
			{Time: "Absence", Kind: "absence", Title: "Mehdi est absent·e", Muted: true, StatusLabel: "Annulée ce jour"}}},
			{Label: "lundi 6 avril 2026", Holiday: "Lundi de Pâques"}}},
	"agenda_motives":     agendaMotiveListData{Motives: []agenda.Motive{agendaSampleMotive, {ID: 5, Name: "Ancien", Archived: true, Discreet: true}}},
	"agenda_motive_form": motiveFormData(4),
	"agenda_permanences": agendaPermanenceListData{Permanences: []agenda.Permanence{agendaSamplePermanence}},
	"agenda_permanence_form": agendaPermanenceFormData{ID: 5, Places: agendaSampleOptions, Staff: agendaSampleOptions, Weekdays: agendaSampleOptions, Every: agendaSampleOptions,
		Modes: agendaSampleOptions, Motives: agendaSampleOptions, Cancelled: []string{"2026-04-14"}, NoPlace: true,
		Next: []agenda.Occurrence{{Start: agendaSampleNow, Holiday: "Lundi de Pâques", Skipped: true}, {Start: agendaSampleNow, Cancelled: true}}},
	"agenda_absences": agendaAbsencesData{Staff: agendaSampleOptions, Absences: []agenda.Absence{{ID: 1, UserName: "Mehdi", Start: agendaSampleNow, End: agendaSampleNow.Add(48 * time.Hour), Reason: "Formation"}}},
	"agenda_book": agendaBookData{Motives: agendaSampleOptions, Places: agendaSampleOptions, Motive: agendaSampleMotive, Days: agendaSampleDays, From: "2026-03-02",
		Prev: "/espace/agenda/rendez-vous/nouveau?du=2026-02-23", Next: "/espace/agenda/rendez-vous/nouveau?du=2026-03-09", Searched: true, Consent: agenda.ConsentWording("CCAS")},
	"agenda_appointment": agendaAppointmentData{Appointment: agendaSampleAppointment, Statuses: agendaSampleOptions, Messages: []notify.Message{agendaSampleMessage},
		ActivityURL: "/espace/activites/nouvelle?date=2026-11-24&duree=30&lieu=1&personne=12", CanPersons: true, Upcoming: true, Link: "https://parcours.test/mon-rendez-vous/r9.x"},
	"agenda_partner_motives": agendaPartnerMotivesData{Motives: []agenda.Motive{agendaSampleMotive}},
	"agenda_partner_form": agendaPartnerFormData{Motive: agendaSampleMotive, Days: agendaSampleDays, Referrals: agendaSampleOptions, Consent: agenda.PartnerConsentWording("France Services", "CCAS"),
		Next: "/espace/agenda/orienter/4?du=2026-03-16", Prev: "/espace/agenda/orienter/4?du=2026-02-16"},
	"agenda_reservations": agendaReservationsData{Appointments: []agenda.Appointment{agendaSampleAppointment}},
	"agenda_outbox": agendaOutboxData{Messages: []notify.Message{agendaSampleMessage}, Total: 51, Statuses: agendaSampleOptions, Prev: "/espace/agenda/envois?page=1",
		Next: "/espace/agenda/envois?page=3", OptOuts: []store.OptOutEntry{{Contact: "+33612345678", Source: "lien", CreatedAt: agendaSampleNow}}, ReminderHours: 48, OfferHours: 24},
	"agenda_calendars": agendaCalendarsData{Sites: []calendarFeed{{Name: "Espace numérique", URL: "https://parcours.test/agenda/lieux/1/calendrier.ics"}},
		Personal: "https://parcours.test/agenda/agents/secret/calendrier.ics", HasPersonal: true, CreatedAt: agendaSampleNow},
	"agenda_public_index": agendaPublicIndexData{Structures: []publicStructure{{Name: "CCAS d'Igny", Motives: []agenda.Motive{agendaSampleMotive}}}},
	"agenda_public_slots": agendaPublicSlotsData{Motive: agendaSampleMotive, Places: append(agendaSampleOptions, option{Value: "2", Label: "Deux"}), Days: agendaSampleDays,
		Next: "/rendez-vous/motifs/4?du=2026-03-16", Prev: "/rendez-vous/motifs/4?du=2026-02-16", MotiveURL: "/rendez-vous/motifs/4"},
	"agenda_public_book": agendaPublicBookData{Motive: agendaSampleMotive, Slot: "5-1772528400", When: "mardi 3 mars 2026, de 9 h à 9 h 30",
		Site: scheduling.Site{Name: "Espace numérique", Address: "1 place Stalingrad, 91430 Igny"}, Consent: agenda.ConsentWording("CCAS"), SlotsURL: "/rendez-vous/motifs/4", Taken: true, PlaceFound: true},
	"agenda_public_appointment": agendaPublicAppointmentData{Appointment: agendaSampleAppointment, Site: scheduling.Site{Name: "Espace numérique", Address: "1 place Stalingrad"},
		When: "mardi 3 mars 2026, de 9 h à 9 h 30", Token: "r9.x", New: true, JustCanceled: true, Upcoming: true, Instructions: "Apportez votre téléphone.", After: "À bientôt."},
	"agenda_optout": agendaOptOutData{Token: "ar1.x", StructureName: "CCAS d'Igny", Contact: "06 •• •• •• 78"},
	"workshop_list": workshopListData{Workshops: []workshop.Workshop{agendaSampleWorkshop}, CanOrganize: true},
	"workshop_form": workshopFormData{ID: 6, Themes: agendaSampleOptions, Levels: agendaSampleOptions, Audiences: agendaSampleOptions, Places: agendaSampleOptions,
		Staff: agendaSampleOptions, SessionsMax: agendaSampleOptions, NoPlace: true},
	"workshop_view": workshopViewData{Workshop: agendaSampleWorkshop, Sessions: []sessionRow{{Number: 1, Session: agendaSampleWorkshop.Sessions[0]}, {Number: 2, Session: agendaSampleWorkshop.Sessions[1]}},
		Registered: regList{WorkshopID: 6, Items: []workshop.Registration{agendaSampleRegistration}}, Offered: regList{WorkshopID: 6, Items: []workshop.Registration{agendaSampleRegistration}},
		Queued: regList{WorkshopID: 6, Items: []workshop.Registration{agendaSampleWaiting}}, Cancelled: []workshop.Registration{{Name: "Ancien", Status: workshop.Cancelled}},
		CanOrganize: true, CanPersons: true, Consent: workshop.ConsentWording("CCAS"), Now: agendaSampleNow, PublicURL: "/ateliers/6"},
	"workshop_session": workshopSessionData{Workshop: agendaSampleWorkshop, Session: agendaSampleWorkshop.Sessions[0], Number: 1,
		Registered: []workshop.Registration{agendaSampleRegistration}, Present: map[int64]bool{15: true}, Recorded: true},
	"workshop_report": workshopReportData{Workshop: agendaSampleWorkshop, Session: agendaSampleWorkshop.Sessions[0], Number: 1,
		Participants: []workshop.Registration{agendaSampleRegistration}, Themes: agendaSampleOptions, Equipment: agendaSampleOptions, Date: "lundi 2 mars 2026"},
	"workshop_programme": workshopProgrammeData{Levels: []workshopLevel{{Label: "Débutant", Workshops: []workshop.Workshop{agendaSampleWorkshop}}}, Count: 1,
		Structures: append(agendaSampleOptions, option{Value: "2", Label: "Deux"}), LevelOpts: agendaSampleOptions, Themes: agendaSampleOptions, Audiences: agendaSampleOptions,
		PrintURL: "/ateliers/programme?mois=2026-03"},
	"workshop_public_view": workshopPublicData{Workshop: agendaSampleWorkshop, Upcoming: agendaSampleWorkshop.Sessions, Open: true, Consent: workshop.ConsentWording("CCAS"),
		Full: true, Now: agendaSampleNow, OfferHours: 24},
	"workshop_public_registration": workshopRegistrationData{Workshop: agendaSampleWorkshop, Registration: agendaSampleRegistration, Token: "i15.x", New: true,
		Message: "Votre place est confirmée.", Upcoming: true},
	"workshop_print": workshopPrintData{MonthLabel: "mars 2026", StructureName: "CCAS d'Igny", PDFURL: "/ateliers/programme.pdf?mois=2026-03",
		Prev: "/ateliers/programme?mois=2026-02", Next: "/ateliers/programme?mois=2026-04",
		Days: []printDay{{Label: "lundi 2 mars 2026", Sessions: []printSession{{Workshop: agendaSampleWorkshop, Session: agendaSampleWorkshop.Sessions[0], Number: 1}}}}},
}

// agendaPublic names this capability's templates that visitors see.
var agendaPublic = map[string]bool{
	"agenda_public_index": true, "agenda_public_slots": true, "agenda_public_book": true, "agenda_public_appointment": true, "agenda_optout": true,
	"workshop_programme": true, "workshop_public_view": true, "workshop_public_registration": true, "workshop_print": true,
}
