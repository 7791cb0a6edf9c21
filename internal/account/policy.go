package account

import "time"

// Permission names one thing a role may do. Routes declare the permission
// they need; the matrix below is the only place that grants them.
type Permission string

const (
	PermStaffArea        Permission = "espace"           // the staff area at all
	PermViewOwnStructure Permission = "structure.voir"   // its own structure and members
	PermViewTerritory    Permission = "territoire.voir"  // structures of the territory it coordinates
	PermManagePlatform   Permission = "plateforme.gerer" // structures, accounts, roles of the whole platform
	PermManageTokens     Permission = "jetons.gerer"     // its own API tokens

	// Cartography.
	PermEditPlaces            Permission = "lieux.modifier"   // its structure's places, and the error reports about them
	PermImportPlaces          Permission = "lieux.importer"   // import place files
	PermReviewTerritoryPlaces Permission = "lieux.territoire" // stale places and error reports of its territory

	// Welcome, orient, follow. Persons are always those of the actor's structure.
	PermPersons          Permission = "personnes.gerer"       // identity, consents, evaluations and follow-up of its structure's persons
	PermSendReferrals    Permission = "orientations.envoyer"  // orient its persons to another structure or place
	PermReceiveReferrals Permission = "orientations.recevoir" // the referrals sent to its structure: only the shared fields
	PermActivities       Permission = "activites.saisir"      // activity reports of its structure (notes: their author only)
	PermReadActivities   Permission = "activites.lire"        // list and export activity reports: its structure's, or without names nor notes its territory's
	PermFollowUpFigures  Permission = "suivi.chiffres"        // aggregate follow-up figures of its structure, never persons
	PermReadJournal      Permission = "journal.lire"          // its structure's journal of accesses to persons' files

	// Agenda: appointments and workshops of its structure; a partner books in other structures' agendas.
	PermAgenda         Permission = "agenda.voir"       // agenda across sites, appointments and registrations (with names), outbox, feeds
	PermAgendaOrganize Permission = "agenda.organiser"  // permanences, motives, absences, workshops and sessions, attendance
	PermAgendaPartner  Permission = "agenda.partenaire" // book for a person in another structure's agenda (motives open to partners)

	// Diagnostic of the territory. Answers are anonymous but personal: those
	// who analyse read them; the reception desk types paper questionnaires
	// without reading the others back.
	PermDiagnostic      Permission = "diagnostic.gerer"  // its structure's questionnaires, answers, imports, reports, benchmarks
	PermDiagnosticEntry Permission = "diagnostic.saisir" // type paper questionnaires of its structure
	PermFragility       Permission = "fragilite.voir"    // the fragility index of its territory beside the offer and the activity

	// Pass numérique: a funder buys carnets and allocates them, a distributor
	// hands them to its persons, a qualified place redeems the passes.
	PermPassFund       Permission = "pass.financer"   // its structure's carnets, allocations to distributors, dashboard
	PermPassDistribute Permission = "pass.distribuer" // hand the carnets allocated to its structure to its persons
	PermPassRedeem     Permission = "pass.encaisser"  // redeem passes at its places that accept them, monthly statements

	// Equipment: devices of its structure, loans and distribution on social criteria.
	PermEquipment          Permission = "materiel.gerer"     // inventory, loans, requests of its structure's persons
	PermEquipmentCommittee Permission = "materiel.attribuer" // criteria, priority list, committee decisions, handover

	// The network of the territory's actors.
	PermNetwork        Permission = "reseau.voir"   // the directory of its territory's actors; its own listing in it
	PermNetworkAnimate Permission = "reseau.animer" // the network's news, monthly letter and subscribers, for the territory it coordinates

	// What the network shares: conventions, the actors' charter, the action plan.
	PermPartnerships Permission = "reseau.piloter" // conventions with partners, the charter's versions and the action plan of the territory it coordinates (the others read what concerns their structure)
	PermCharterSign  Permission = "reseau.charte"  // sign the charter of its territory's actors for its structure

	// The training record of the territory's professionals, and mandates.
	PermTraining Permission = "formations.gerer" // courses and who completed them, for the structures of the territory it coordinates
	PermMandates Permission = "mandats.gerer"    // its structure's mandates; creating or using one also needs the aidant training and the signed charter

	// The library of teaching resources the territory's structures share.
	PermResources Permission = "ressources.partager" // read and add to its territory's library; change its structure's own (the coordination: any of its territory)
)

var grants = map[Role][]Permission{
	RoleAdmin: {
		PermStaffArea, PermNetwork, PermViewOwnStructure, PermViewTerritory, PermManagePlatform, PermManageTokens,
		PermEditPlaces, PermImportPlaces, PermReviewTerritoryPlaces,
		PermReadJournal,    // decides and documents: reads who opened which file, never the files
		PermReadActivities, // the territory's activity, without names nor notes
		PermFragility,      // public indicators with aggregates of any territory
	},
	RoleCoordination: {
		PermStaffArea, PermNetwork, PermViewOwnStructure, PermViewTerritory, PermManageTokens,
		PermEditPlaces, PermImportPlaces, PermReviewTerritoryPlaces,
		PermFollowUpFigures, // aggregates only
		PermReadActivities,  // the territory's activity, without names nor notes
		PermDiagnostic, PermDiagnosticEntry, PermFragility,
		PermPassFund, // a funder's carnets and figures; never the persons who received them
		PermNetworkAnimate, PermPartnerships, PermCharterSign,
		PermTraining,
		PermResources,
	},
	RoleMediation: {
		PermStaffArea, PermNetwork, PermViewOwnStructure, PermManageTokens,
		PermEditPlaces,
		PermPersons, PermSendReferrals, PermReceiveReferrals, PermActivities, PermReadActivities, PermFollowUpFigures,
		PermAgenda, PermAgendaOrganize, PermAgendaPartner,
		PermDiagnostic, PermDiagnosticEntry,
		PermPassDistribute, PermPassRedeem,
		PermEquipment, PermEquipmentCommittee,
		PermMandates,
		PermResources,
		PermCharterSign, // signs the territory's charter for its structure
	},
	RoleReception: {
		PermStaffArea, PermNetwork, PermViewOwnStructure, PermManageTokens,
		PermEditPlaces,
		PermPersons, PermSendReferrals, PermReceiveReferrals, // identity, evaluations, orientations; no activity notes
		PermAgenda, PermAgendaPartner, // books appointments and registrations; does not organise the agenda
		PermDiagnosticEntry, // types paper questionnaires; does not read the answers
		PermPassDistribute, PermPassRedeem,
		PermEquipment, // lends and records requests; the committee decides
		PermMandates,  // a trained reception agent may be an aidant
		PermResources,
	},
	RolePartner: {
		PermStaffArea, PermNetwork, PermViewOwnStructure, PermManageTokens,
		PermEditPlaces,
		PermReceiveReferrals, // only what a referral shared with it; cannot list persons
		PermAgendaPartner,    // books in the agendas of the territory's structures for the persons it orients
		PermPassRedeem,       // a partner's place accepting passes redeems them
		PermResources,        // a partner of the network shares its teaching resources too
		PermCharterSign,      // signs the territory's charter for its structure
	},
}

var granted = func() map[Role]map[Permission]bool {
	m := make(map[Role]map[Permission]bool, len(grants))
	for role, perms := range grants {
		m[role] = make(map[Permission]bool, len(perms))
		for _, p := range perms {
			m[role][p] = true
		}
	}
	return m
}()

// Can reports whether the role grants the permission.
func (r Role) Can(p Permission) bool { return granted[r][p] }

// Actor is the signed-in user acting through one of their memberships.
type Actor struct {
	User        User
	Membership  Membership   // the membership the user is acting through now
	Memberships []Membership // all of the user's memberships
	Via         string       // ViaWeb or ViaAPI
	// FactorAt is the last moment of activity covered by a confirmed second
	// factor in this session (zero: none); see RequireFreshFactor.
	FactorAt time.Time
}

// Can reports whether the actor's current role grants p.
func (a *Actor) Can(p Permission) bool {
	return a != nil && a.User.Active && a.Membership.Role.Can(p)
}

// StructureID is the structure the actor acts for: every tenant-scoped query uses it.
func (a *Actor) StructureID() int64 { return a.Membership.StructureID }

// Role is the actor's current role.
func (a *Actor) Role() Role { return a.Membership.Role }

// MayAmendActivity reports whether the actor may correct or delete an
// activity of structureID written by authorID: its author, or the manager of
// that structure acting for it. A manager of another structure never may.
// Both the pages and the API ask this, through the activities service.
func (a *Actor) MayAmendActivity(structureID, authorID int64) bool {
	switch {
	case !a.Can(PermActivities) || structureID == 0 || structureID != a.StructureID():
		return false
	case authorID != 0 && authorID == a.User.ID:
		return true
	}
	return a.Membership.Manager
}

// CanSeeStructure reports whether the actor may see the structure's page:
// its own structure, any structure for the platform admin, and the structures
// of the territory a coordinator coordinates.
func (a *Actor) CanSeeStructure(structureID, structureTerritoryID int64) bool {
	switch {
	case a == nil || !a.User.Active:
		return false
	case a.Can(PermManagePlatform):
		return true
	case structureID == a.StructureID() && a.Can(PermViewOwnStructure):
		return true
	case a.Can(PermViewTerritory) && a.Membership.CoordinatedTerritoryID != 0:
		return structureTerritoryID == a.Membership.CoordinatedTerritoryID
	}
	return false
}
