package places

import (
	"context"
	"slices"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// A place's own texts (its summary and description) are translated into the
// resident languages by the translators of the structure that owns it:
// members whom a colleague who keeps the structure's places
// (PermEditPlaces) named "traducteur". A translation stays "à relire"
// until another translator marks it "relue"; changing its text makes it "à
// relire" again. The public page shows it in its language, with the French
// original one click away.

// TranslationLangs are the languages a place's texts are translated into:
// every language of the site but French, the original.
func TranslationLangs() []i18n.Lang {
	var out []i18n.Lang
	for _, l := range i18n.Langs {
		if !l.IsFrench() {
			out = append(out, l)
		}
	}
	return out
}

// IsTranslationLang reports whether code is a language a place's texts are
// translated into (exactly as the site spells it).
func IsTranslationLang(code string) bool {
	return code != i18n.Default && i18n.Known(code) && code == i18n.Get(code).Code
}

// TranslatorMember is a member of the structure and whether they translate.
type TranslatorMember struct {
	UserID     int64
	Name       string
	Role       account.Role
	Translator bool
}

// Translators lists the actor's structure's active members, each with
// whether it is one of its translators.
func (s *Service) Translators(ctx context.Context, a *account.Actor) ([]TranslatorMember, error) {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return nil, err
	}
	members, err := s.st.StructureMembers(ctx, a.Scope())
	if err != nil {
		return nil, err
	}
	named, err := s.st.Translators(ctx, a.Scope())
	if err != nil {
		return nil, err
	}
	var out []TranslatorMember
	for _, m := range members {
		if !m.User.Active {
			continue
		}
		out = append(out, TranslatorMember{UserID: m.User.ID, Name: m.User.Name, Role: m.Role,
			Translator: slices.ContainsFunc(named, func(t placestore.Translator) bool { return t.UserID == m.User.ID })})
	}
	return out, nil
}

// SetTranslator names a member of the actor's structure translator of its
// places' texts, or ends it; a member of another structure is not found.
func (s *Service) SetTranslator(ctx context.Context, a *account.Actor, userID int64, on bool) error {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return err
	}
	if !on {
		return s.st.WithdrawTranslator(ctx, a.Scope(), userID)
	}
	return s.st.GrantTranslator(ctx, a.Scope(), userID, a.User.ID, s.now())
}

// requireTranslator lets a translator of the actor's structure go on.
func (s *Service) requireTranslator(ctx context.Context, a *account.Actor) error {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return err
	}
	ok, err := s.st.IsTranslator(ctx, a.Scope(), a.User.ID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "Seuls les traducteurs et traductrices de votre structure traduisent les textes des lieux. Demandez à un ou une collègue qui gère les lieux de vous ajouter.")
	}
	return nil
}

// PlaceTexts is a place's French texts and their translations, by language.
type PlaceTexts struct {
	Place        place.Place
	Translations map[string]place.Translation // language code → translation
	Translator   bool                         // the actor translates and reviews
}

// Texts returns a place of the actor's structure with its translations.
func (s *Service) Texts(ctx context.Context, a *account.Actor, placeID int64) (PlaceTexts, error) {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return PlaceTexts{}, err
	}
	p, err := s.st.StructurePlace(ctx, a.Scope(), placeID)
	if err != nil {
		return PlaceTexts{}, err
	}
	list, err := s.st.PlaceTranslations(ctx, a.Scope(), placeID)
	if err != nil {
		return PlaceTexts{}, err
	}
	out := PlaceTexts{Place: p, Translations: map[string]place.Translation{}}
	for _, t := range list {
		out.Translations[t.Lang] = t
	}
	out.Translator, err = s.st.IsTranslator(ctx, a.Scope(), a.User.ID)
	return out, err
}

// Translate writes the translation of a place's texts into a language; a
// changed text is "à relire" until another translator reviews it.
func (s *Service) Translate(ctx context.Context, a *account.Actor, placeID int64, lang, summary, description string) (place.Translation, error) {
	if err := s.requireTranslator(ctx, a); err != nil {
		return place.Translation{}, err
	}
	if !IsTranslationLang(lang) {
		return place.Translation{}, apperr.Field("langue", "Choisissez une langue de la liste.")
	}
	t := place.Translation{PlaceID: placeID, Lang: lang, Summary: strings.TrimSpace(summary), Description: strings.TrimSpace(description), TranslatorID: a.User.ID}
	if err := t.Validate(); err != nil {
		return t, err
	}
	if err := s.st.SavePlaceTranslation(ctx, a.Scope(), &t, s.now()); err != nil {
		return t, err
	}
	return s.translation(ctx, a, placeID, lang)
}

// translation reads back one translation of a place of the actor's structure.
func (s *Service) translation(ctx context.Context, a *account.Actor, placeID int64, lang string) (place.Translation, error) {
	list, err := s.st.PlaceTranslations(ctx, a.Scope(), placeID)
	if err != nil {
		return place.Translation{}, err
	}
	for _, t := range list {
		if t.Lang == lang {
			return t, nil
		}
	}
	return place.Translation{}, apperr.NotFoundError()
}

// Translation returns the translation of a place of the actor's structure
// into a language.
func (s *Service) Translation(ctx context.Context, a *account.Actor, placeID int64, lang string) (place.Translation, error) {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return place.Translation{}, err
	}
	return s.translation(ctx, a, placeID, lang)
}

// ReviewTranslation marks a translation "relue": a translator of the
// structure other than the one who wrote its current text has read it.
func (s *Service) ReviewTranslation(ctx context.Context, a *account.Actor, placeID int64, lang string) (place.Translation, error) {
	if err := s.requireTranslator(ctx, a); err != nil {
		return place.Translation{}, err
	}
	t, err := s.translation(ctx, a, placeID, lang)
	if err != nil {
		return t, err
	}
	if t.TranslatorID == a.User.ID {
		return t, apperr.New(apperr.Invalid, "Une autre personne relit votre traduction : demandez à un traducteur ou une traductrice de votre structure.")
	}
	if err := s.st.ReviewPlaceTranslation(ctx, a.Scope(), placeID, lang, a.User.ID, s.now()); err != nil {
		return t, err
	}
	return s.translation(ctx, a, placeID, lang)
}

// DeleteTranslation removes a translation: the page shows the French
// original in that language again.
func (s *Service) DeleteTranslation(ctx context.Context, a *account.Actor, placeID int64, lang string) error {
	if err := s.requireTranslator(ctx, a); err != nil {
		return err
	}
	return s.st.DeletePlaceTranslation(ctx, a.Scope(), placeID, lang)
}

// PublicTranslation returns the translation of a place's texts shown on
// its public page in a language; ok is false when there is none (and for
// French, the original).
func (s *Service) PublicTranslation(ctx context.Context, placeID int64, lang string) (place.Translation, bool, error) {
	if !IsTranslationLang(lang) {
		return place.Translation{}, false, nil
	}
	return s.st.PublicPlaceTranslation(ctx, placeID, lang)
}
