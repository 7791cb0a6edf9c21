package itinerant

import (
	"cmp"
	"slices"

	"github.com/parcours-numerique/parcours/internal/itinerant"
)

func sortPassages(list []itinerant.Passage) {
	slices.SortStableFunc(list, func(a, b itinerant.Passage) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Stop.ID, b.Stop.ID))
	})
}

func sortNext(list []NextPassage) {
	slices.SortStableFunc(list, func(a, b NextPassage) int {
		return cmp.Or(a.Next.Start.Compare(b.Next.Start), cmp.Compare(a.Next.Stop.ID, b.Next.Stop.ID))
	})
}
