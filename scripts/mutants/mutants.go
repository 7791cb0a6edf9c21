package main

// authz is the test that must notice a scope removed from a listing: the
// authorization table plants rows in structures no test account belongs to
// and fails when any answer shows one.
var authz = []string{"./internal/web/", "-run", "TestAuthorizationTable"}

// mutants lists the scoped list queries whose scope condition the tests
// must guard: each entry removes it.
var mutants = []mutant{
	{Name: "ListPersons", File: "internal/store/persons.go",
		Find:    `where := "structure_id = $1 AND deleted_at IS NULL AND merged_into IS NULL"`,
		Replace: `where := "$1 = $1 AND deleted_at IS NULL AND merged_into IS NULL"`,
		Tests:   authz},
	{Name: "WaitingList", File: "internal/store/persons.go",
		Find:    "WHERE structure_id = $1 AND follow_status = 'en_attente' AND kind = 'suivie'",
		Replace: "WHERE $1 = $1 AND follow_status = 'en_attente' AND kind = 'suivie'",
		Tests:   authz},
	{Name: "ListReferrals (both boxes)", File: "internal/store/referrals.go",
		Find:    `where := "(r.sender_structure_id = $1 OR r.receiver_structure_id = $1)"`,
		Replace: `where := "($1 = $1)"`,
		Tests:   authz},
	{Name: "ListReferrals (sent)", File: "internal/store/referrals.go",
		Find:    `		where = "r.sender_structure_id = $1"`,
		Replace: `		where = "$1 = $1"`,
		Tests:   authz},
	{Name: "ListActivities", File: "internal/store/activitystore/activities.go",
		Find:    `return s.listActivities(ctx, "a.structure_id = $1", []any{structureID}, f)`,
		Replace: `return s.listActivities(ctx, "$1 = $1", []any{structureID}, f)`,
		Tests:   authz},
	{Name: "ListWorkshops", File: "internal/store/workshopstore/workshops.go",
		Find:    `return s.listWorkshops(ctx, []string{"w.structure_id = $1"}, []any{sid}, f)`,
		Replace: `return s.listWorkshops(ctx, []string{"$1 = $1"}, []any{sid}, f)`,
		Tests:   authz},
	{Name: "ListMotives", File: "internal/store/agendastore/agenda.go",
		Find:    `where := "m.structure_id = $1"`,
		Replace: `where := "$1 = $1"`,
		Tests:   authz},
	{Name: "ListAppointments", File: "internal/store/agendastore/agenda_appointments.go",
		Find:    `where := []string{"a.structure_id = $1"}`,
		Replace: `where := []string{"$1 = $1"}`,
		Tests:   authz},
	{Name: "ListPermanences", File: "internal/store/agendastore/agenda.go",
		Find:    `where := []string{"p.structure_id = $1"}`,
		Replace: `where := []string{"$1 = $1"}`,
		Tests:   authz},
	{Name: "ChangedRegistrations", File: "internal/store/workshopstore/workshops.go",
		Find:    `where := []string{"r.structure_id = $1"}`,
		Replace: `where := []string{"$1 = $1"}`,
		Tests:   authz},
	{Name: "ListJournal", File: "internal/store/journal.go",
		Find:    `where := "structure_id = $1"`,
		Replace: `where := "$1 = $1"`,
		Tests:   authz},
}
