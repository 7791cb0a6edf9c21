package agenda

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

var (
	sampleNow    = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	sampleMotive = agenda.Motive{ID: 4, StructureID: 3, StructureName: "CCAS d'Igny", Name: "Accompagnement numérique", Duration: 30,
		Location: agenda.LocationOnSite, BookableBy: agenda.BookAnyone, MinDelayHours: 2, MaxDelayDays: 60, InstructionsBefore: "Apportez votre téléphone."}
	samplePermanence = agenda.Permanence{ID: 5, StructureID: 3, PlaceID: 1, PlaceName: "Espace numérique", StaffIDs: []int64{7}, StaffNames: []string{"Mehdi Médiateur"},
		Weekday: time.Tuesday, Start: 540, End: 720, EveryWeeks: 1, From: "2026-03-03", SkipHolidays: true, Cancelled: []string{"2026-04-14"},
		MotiveIDs: []int64{4}, MotiveNames: []string{"Accompagnement numérique"}, Mode: agenda.ModeBoth}
	sampleAppointment = agenda.Appointment{ID: 9, StructureID: 3, StructureName: "CCAS d'Igny", PlaceID: 1, PlaceName: "Espace numérique", PermanenceID: 5,
		MotiveID: 4, MotiveName: "Accompagnement numérique", Location: agenda.LocationOnSite, StaffID: 7, StaffName: "Mehdi Médiateur",
		Start: sampleNow.Add(24 * time.Hour), End: sampleNow.Add(24*time.Hour + 30*time.Minute), Status: agenda.StatusPresent, PersonID: 12,
		Name: "Marie Dupont", Phone: "+33612345678", Email: "marie@exemple.fr", Need: "Ouvrir ses e-mails", ConsentWording: agenda.ConsentWording("CCAS d'Igny"),
		BookedVia: agenda.ViaPartner, BookedByStructureID: 4, BookedByStructureName: "France Services", ReferralID: 2, CreatedAt: sampleNow}
	sampleMessage = notify.Message{ID: 1, StructureID: 3, Kind: notify.Confirmation, Channel: notify.SMS, To: "+33612345678", Body: "CCAS : rendez-vous confirmé.",
		Key: "k", Status: notify.Outbox, ICS: "BEGIN:VCALENDAR", CreatedAt: sampleNow,
		Receipts: []notify.Receipt{{At: sampleNow, Channel: notify.SMS, Result: notify.Outbox, Detail: "Aucun service configuré", ProviderID: "brevo:1"}}}
	sampleOptions = []ui.Option{{Value: "", Label: "Choisir"}, {Value: "1", Label: "Un", Hint: "Le premier"}}
	sampleDays    = []slotDay{{Date: sampleNow, Label: "mardi 3 mars 2026", Slots: sampleSlots, Places: []slotPlace{{Name: "Espace numérique", Slots: sampleSlots}}}}
	sampleSlots   = []slotChoice{{Value: "5-1772528400", Time: "9 h", PlaceName: "Espace numérique"}}
)

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil); err != nil {
		t.Fatal(err)
	}
	samples := map[string]any{
		"error": ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"},
		"agenda_week": weekData{WeekLabel: "Semaine du 2 au 8 mars 2026", Prev: "/espace/agenda?semaine=2026-02-23", Next: "/espace/agenda?semaine=2026-03-09",
			Places: sampleOptions, Staff: sampleOptions, CanOrganize: true, Appointments: 1,
			Days: []weekDay{{Label: "lundi 2 mars 2026", Items: []weekItem{
				{Time: "9 h – 12 h", Kind: "permanence", Title: "Permanence sur rendez-vous – Espace numérique", Detail: "Mehdi", Href: "/espace/agenda/permanences/5"},
				{Time: "9 h – 9 h 30", Kind: "rdv", Title: "Rendez-vous : Marie Dupont", Href: "/espace/agenda/rendez-vous/9", Status: "present", StatusLabel: "Présent"},
				{Time: "Absence", Kind: "absence", Title: "Mehdi est absent·e", Muted: true, StatusLabel: "Annulée ce jour"}}},
				{Label: "lundi 6 avril 2026", Holiday: "Lundi de Pâques"}}},
		"agenda_motives":     motiveListData{Motives: []agenda.Motive{sampleMotive, {ID: 5, Name: "Ancien", Archived: true, Discreet: true}}},
		"agenda_motive_form": motiveForm(4),
		"agenda_permanences": permanenceListData{Permanences: []agenda.Permanence{samplePermanence}},
		"agenda_permanence_form": permanenceFormData{ID: 5, Places: sampleOptions, Staff: sampleOptions, Weekdays: sampleOptions, Every: sampleOptions,
			Modes: sampleOptions, Motives: sampleOptions, Cancelled: []string{"2026-04-14"}, NoPlace: true,
			Next: []agenda.Occurrence{{Start: sampleNow, Holiday: "Lundi de Pâques", Skipped: true}, {Start: sampleNow, Cancelled: true}}},
		"agenda_absences": absencesData{Staff: sampleOptions, Absences: []agenda.Absence{{ID: 1, UserName: "Mehdi", Start: sampleNow, End: sampleNow.Add(48 * time.Hour), Reason: "Formation"}}},
		"agenda_book": bookData{Motives: sampleOptions, Places: sampleOptions, Motive: sampleMotive, Days: sampleDays, From: "2026-03-02",
			Prev: "/espace/agenda/rendez-vous/nouveau?du=2026-02-23", Next: "/espace/agenda/rendez-vous/nouveau?du=2026-03-09", Searched: true, Consent: agenda.ConsentWording("CCAS")},
		"agenda_appointment": appointmentData{Appointment: sampleAppointment, Statuses: sampleOptions, Messages: []notify.Message{sampleMessage},
			ActivityURL: "/espace/activites/nouvelle?date=2026-11-24&duree=30&lieu=1&personne=12", CanPersons: true, Upcoming: true, Link: "https://parcours.test/mon-rendez-vous/r9.x"},
		"agenda_partner_motives": partnerMotivesData{Motives: []agenda.Motive{sampleMotive}},
		"agenda_partner_form": partnerFormData{Motive: sampleMotive, Days: sampleDays, Referrals: sampleOptions, Consent: agenda.PartnerConsentWording("France Services", "CCAS"),
			Next: "/espace/agenda/orienter/4?du=2026-03-16", Prev: "/espace/agenda/orienter/4?du=2026-02-16"},
		"agenda_reservations": reservationsData{Appointments: []agenda.Appointment{sampleAppointment}},
		"agenda_appointments": appointmentListData{Appointments: []agenda.Appointment{sampleAppointment}, Chosen: "Rendez-vous du 1er mars 2026 au 31 mars 2026"},
		"agenda_outbox": outboxData{Messages: []notify.Message{sampleMessage}, Total: 51, Statuses: sampleOptions, Prev: "/espace/agenda/envois?page=1",
			Next: "/espace/agenda/envois?page=3", OptOuts: []store.OptOutEntry{{Contact: "+33612345678", Source: "lien", CreatedAt: sampleNow}}, ReminderHours: 48, OfferHours: 24},
		"agenda_calendars": calendarsData{Sites: []calendarFeed{{Name: "Espace numérique", URL: "https://parcours.test/agenda/lieux/1/calendrier.ics"}},
			Personal: "https://parcours.test/agenda/agents/secret/calendrier.ics", HasPersonal: true, CreatedAt: sampleNow},
		"agenda_public_index": publicIndexData{Where: "Igny", Searched: true, Count: 1, Structures: []publicStructure{{Name: "CCAS d'Igny", Motives: []publicMotive{{Motive: sampleMotive,
			Sites: []agenda.MotiveSite{{MotiveID: 4, PlaceID: 1, PlaceName: "Espace numérique", PostalCode: "91430", Commune: "Igny"}}, Href: "/rendez-vous/motifs/4?lieu=1"}}}}},
		"agenda_public_slots": publicSlotsData{Motive: sampleMotive, Places: append(sampleOptions, ui.Option{Value: "2", Label: "Deux"}), Days: sampleDays,
			Next: "/rendez-vous/motifs/4?du=2026-03-16", Prev: "/rendez-vous/motifs/4?du=2026-02-16", MotiveURL: "/rendez-vous/motifs/4"},
		"agenda_public_book": publicBookData{Motive: sampleMotive, Slot: "5-1772528400", When: "mardi 3 mars 2026, de 9 h à 9 h 30",
			Site: agenda.Site{Name: "Espace numérique", Address: "1 place Stalingrad, 91430 Igny"}, Consent: agenda.ConsentWording("CCAS"), SlotsURL: "/rendez-vous/motifs/4", Taken: true, PlaceFound: true},
		"agenda_public_appointment": publicAppointmentData{Appointment: sampleAppointment, Site: agenda.Site{Name: "Espace numérique", Address: "1 place Stalingrad"},
			When: "mardi 3 mars 2026, de 9 h à 9 h 30", Token: "r9.x", New: true, JustCanceled: true, Confirming: true, Upcoming: true, Instructions: "Apportez votre téléphone.", After: "À bientôt."},
		"agenda_optout": optOutData{Token: "ar1.x", StructureName: "CCAS d'Igny", Contact: "06 •• •• •• 78"},
	}
	uitest.RenderAll(t, site, samples, map[string]bool{"error": true, "agenda_public_index": true, "agenda_public_slots": true, "agenda_public_book": true,
		"agenda_public_appointment": true, "agenda_optout": true})
}
