package network

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// LetterConfig is what the monthly letter needs besides the store.
type LetterConfig struct {
	BaseURL   string                                                 // absolute links and the unsubscribe link
	Programme func(ctx context.Context) ([]workshop.Workshop, error) // published workshops to come
	Recorded  func(ctx context.Context)                              // wakes the outbox
	// Permanences lists the permanences of the territory's structures not
	// ended on day; Meetings the network's meetings to come.
	Permanences func(ctx context.Context, t scope.Territory, day string) ([]agenda.Permanence, error)
	Meetings    func(ctx context.Context, t scope.Territory) ([]meeting.Meeting, error)
}

// animator is the territory whose network the actor animates.
func animator(a *account.Actor) (scope.Territory, error) {
	if err := a.Require(account.PermNetworkAnimate); err != nil {
		return scope.Territory{}, err
	}
	t, ok := a.TerritoryScope()
	if !ok {
		return scope.Territory{}, apperr.New(apperr.Forbidden, "Seule la structure qui coordonne un territoire anime son réseau.")
	}
	return t, nil
}

// Letters is the coordinator's page of the letter.
type Letters struct {
	News        []network.News
	Issues      []network.Issue
	Subscribers []network.Subscriber
}

// Letters returns the news of the last 90 days, the letters and the
// subscribers of the actor's network.
func (s *Service) Letters(ctx context.Context, a *account.Actor) (Letters, error) {
	t, err := animator(a)
	if err != nil {
		return Letters{}, err
	}
	var l Letters
	if l.News, err = s.st.ListNews(ctx, t, s.now().AddDate(0, 0, -90)); err != nil {
		return l, err
	}
	if l.Issues, err = s.st.ListIssues(ctx, t); err != nil {
		return l, err
	}
	l.Subscribers, err = s.st.Subscribers(ctx, t)
	return l, err
}

// PostNews adds a news item to the actor's network; the next letter
// carries it.
func (s *Service) PostNews(ctx context.Context, a *account.Actor, title, body string) (network.News, error) {
	t, err := animator(a)
	if err != nil {
		return network.News{}, err
	}
	n, err := network.NewNews(title, body)
	if err != nil {
		return n, err
	}
	n.Author = a.User.Name
	return n, s.st.CreateNews(ctx, t, &n, s.now())
}

// AddSubscribers adds the addresses typed, one per line; it returns how
// many were new.
func (s *Service) AddSubscribers(ctx context.Context, a *account.Actor, text string) (int, error) {
	t, err := animator(a)
	if err != nil {
		return 0, err
	}
	emails, err := network.ParseSubscribers(text)
	if err != nil {
		return 0, err
	}
	return s.st.AddSubscribers(ctx, t, emails, newToken, s.now())
}

func newToken() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Compose drafts the next letter from what happened since the previous
// one (a month at most when there was none).
func (s *Service) Compose(ctx context.Context, a *account.Actor) (network.Issue, error) {
	t, err := animator(a)
	if err != nil {
		return network.Issue{}, err
	}
	tid, _, _ := t.ID()
	terr, err := s.st.Territory(ctx, tid)
	if err != nil {
		return network.Issue{}, err
	}
	now := s.now()
	since, err := s.st.LastIssueSentAt(ctx, t)
	if err != nil {
		return network.Issue{}, err
	}
	if since.IsZero() {
		since = now.AddDate(0, -1, 0)
	}
	m := network.Material{Territory: terr.Name, Since: since, Now: now}
	if m.News, err = s.st.ListNews(ctx, t, since); err != nil {
		return network.Issue{}, err
	}
	if m.Places, err = s.places.PlacesInTerritory(ctx, t); err != nil {
		return network.Issue{}, err
	}
	if s.letter.Programme != nil {
		all, err := s.letter.Programme(ctx)
		if err != nil {
			return network.Issue{}, err
		}
		structures, err := s.st.ListStructuresInTerritory(ctx, t, "")
		if err != nil {
			return network.Issue{}, err
		}
		in := map[int64]bool{}
		for _, st := range structures {
			in[st.ID] = true
		}
		for _, w := range all {
			if in[w.StructureID] {
				m.Workshops = append(m.Workshops, w)
			}
		}
	}
	if s.letter.Permanences != nil {
		if m.Permanences, err = s.letter.Permanences(ctx, t, now.In(frtime.Paris).Format(agenda.DateLayout)); err != nil {
			return network.Issue{}, err
		}
	}
	if s.letter.Meetings != nil {
		if m.Meetings, err = s.letter.Meetings(ctx, t); err != nil {
			return network.Issue{}, err
		}
	}
	is := network.Compose(m)
	return is, s.st.CreateIssue(ctx, t, &is, now)
}

// Issue returns a letter of the actor's network.
func (s *Service) Issue(ctx context.Context, a *account.Actor, id int64) (network.Issue, error) {
	t, err := animator(a)
	if err != nil {
		return network.Issue{}, err
	}
	return s.st.Issue(ctx, t, id)
}

// SetIntro changes a draft's introduction.
func (s *Service) SetIntro(ctx context.Context, a *account.Actor, id int64, intro string) error {
	t, err := animator(a)
	if err != nil {
		return err
	}
	var is network.Issue
	if err := is.SetIntro(intro); err != nil {
		return err
	}
	return s.st.SetIssueIntro(ctx, t, id, is.Intro)
}

// Send sends a reviewed draft to every subscriber through the outbox, each
// e-mail with its one-click unsubscribe link, and publishes it in the
// archive; it returns how many e-mails were queued.
func (s *Service) Send(ctx context.Context, a *account.Actor, id int64) (int, error) {
	t, err := animator(a)
	if err != nil {
		return 0, err
	}
	is, err := s.st.Issue(ctx, t, id)
	if err != nil {
		return 0, err
	}
	if s.letter.BaseURL == "" {
		return 0, apperr.New(apperr.Conflict, "La lettre n'est pas envoyée : chaque lettre porte un lien de désabonnement, qui demande l'adresse publique du site (option --base-url du serveur).")
	}
	from := a.StructureID()
	n, err := s.st.SendIssue(ctx, t, id, func(sub network.Subscriber) notify.Message {
		return notify.Message{StructureID: from, Kind: notify.Newsletter, Channel: notify.Email, To: sub.Email, Subject: is.Title,
			Body: is.Text(s.letter.BaseURL, s.letter.BaseURL+network.UnsubscribePath+sub.Token),
			Key:  "lettre-" + strconv.FormatInt(id, 10) + "-" + strconv.FormatInt(sub.ID, 10)}
	}, s.now())
	if err == nil && s.letter.Recorded != nil {
		s.letter.Recorded(ctx)
	}
	return n, err
}

// PublicIssues is the public archive: the sent letters, newest first.
func (s *Service) PublicIssues(ctx context.Context) ([]network.Issue, error) {
	return s.st.PublicIssues(ctx, 100)
}

// PublicIssue is a sent letter of the archive.
func (s *Service) PublicIssue(ctx context.Context, id int64) (network.Issue, error) {
	return s.st.PublicIssue(ctx, id)
}

// Subscription returns what an unsubscribe link is about.
func (s *Service) Subscription(ctx context.Context, token string) (network.Subscriber, error) {
	return s.st.SubscriberByToken(ctx, token)
}

// Unsubscribe takes the link's address off the letter at once.
func (s *Service) Unsubscribe(ctx context.Context, token string) error {
	return s.st.Unsubscribe(ctx, token, s.now())
}

// LastSent is when the most recent public letter went out (zero: none).
func LastSent(list []network.Issue) time.Time {
	if len(list) == 0 {
		return time.Time{}
	}
	return list[0].SentAt
}
