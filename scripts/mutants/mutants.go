package main

// authz is the test that must notice a scope removed from a listing.
var authz = []string{"./internal/web/", "-run", "TestAuthorizationTable"}

// mutants lists the scoped queries whose scope condition the tests must
// guard: each entry removes it.
var mutants = []mutant{
	{Name: "ListPersons", File: "internal/store/persons.go",
		Find:    `where := "structure_id = $1 AND deleted_at IS NULL AND merged_into IS NULL"`,
		Replace: `where := "$1 = $1 AND deleted_at IS NULL AND merged_into IS NULL"`,
		Tests:   authz},
}
