package figures

import (
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
)

// coordinationTables are the coordination's own activity (animations,
// events, partnerships, La Coop's codes): by kind, and each kind by its
// code. Animation themes, organizers and partnership natures may be several
// for one activity: those tables overlap.
func coordinationTables(cs []activity.Coordination) []activitystats.Table {
	const unit = "activités"
	kind := newTally("coordination", "Activités de coordination par type", unit, counts(activity.CoordTypes), nil)
	anim := newTally("coordination_animation", "Animations par type", unit, counts(activity.AnimationTypes), nil)
	themes := newTally("coordination_animation_thematique", "Animations par thématique", unit, counts(activity.AnimationThemes), nil)
	themes.overlapping = true
	event := newTally("coordination_evenement", "Événements par type", unit, counts(activity.EventTypes), nil)
	part := newTally("coordination_partenariat", "Partenariats par nature", unit, counts(activity.PartnershipNatures), nil)
	part.overlapping = true
	var nAnim, nEvent, nPart int
	for _, c := range cs {
		kind.add(c.Type, 1)
		switch c.Type {
		case activity.CoordAnimation:
			nAnim++
			anim.add(c.AnimationType, 1)
			for _, t := range c.Themes {
				themes.add(t, 1)
			}
		case activity.CoordEvent:
			nEvent++
			event.add(c.EventType, 1)
		case activity.CoordPartnership:
			nPart++
			for _, n := range c.Natures {
				part.add(n, 1)
			}
		}
	}
	return []activitystats.Table{kind.table(len(cs), false), anim.table(nAnim, false), themes.table(nAnim, false), event.table(nEvent, false), part.table(nPart, false)}
}
