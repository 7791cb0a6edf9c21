package journal

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"time"
)

// chainVersion starts every canonical encoding, so that a future encoding
// cannot collide with this one.
const chainVersion = "parcours-journal-v1"

// Hash is the hash of an entry at position seq of the chain, following the
// entry whose hash is prev (empty for the first entry): SHA-256 over a
// canonical encoding of every stored field, each length-prefixed, the time
// in UTC to the microsecond (what both databases keep). It is written in
// lower-case hexadecimal.
func Hash(prev string, seq int64, e Entry) string {
	h := sha256.New()
	writeString(h, chainVersion)
	writeString(h, prev)
	for _, n := range []int64{seq, e.StructureID, e.ActorStructureID, e.UserID, e.PersonID} {
		writeInt(h, n)
	}
	writeString(h, e.Who)
	writeString(h, e.Action)
	writeString(h, e.What)
	writeString(h, e.At.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.000000Z"))
	return hex.EncodeToString(h.Sum(nil))
}

func writeInt(h hash.Hash, n int64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}

func writeString(h hash.Hash, s string) {
	writeInt(h, int64(len(s)))
	h.Write([]byte(s))
}

// Break is the first place where the chain does not hold.
type Break struct {
	Seq    int64  // the position in the chain of the entry concerned
	ID     int64  // the row of the entry found there (0 when it is missing)
	Reason string // in French
}

func (b *Break) Error() string {
	if b.ID == 0 {
		return fmt.Sprintf("entrée n° %d du journal : %s", b.Seq, b.Reason)
	}
	return fmt.Sprintf("entrée n° %d du journal (ligne %d) : %s", b.Seq, b.ID, b.Reason)
}

// Verifier walks a chain in order and names the first break.
type Verifier struct {
	seq  int64
	prev string
	n    int64
}

// NewVerifier starts after the anchor: the position and hash of the last
// entry removed by retention (0 and "" when none was).
func NewVerifier(anchorSeq int64, anchorHash string) *Verifier {
	return &Verifier{seq: anchorSeq, prev: anchorHash}
}

// Next checks the next stored entry: its position, the previous hash it
// carries and its own hash.
func (v *Verifier) Next(seq int64, prevHash, hash string, e Entry) *Break {
	want := v.seq + 1
	switch {
	case seq > want:
		return &Break{Seq: want, Reason: fmt.Sprintf("entrée manquante (supprimée ?) : la suivante présente est la n° %d", seq)}
	case seq < want:
		return &Break{Seq: seq, ID: e.ID, Reason: "entrée en double ou hors d'ordre"}
	case prevHash != v.prev:
		return &Break{Seq: seq, ID: e.ID, Reason: "le lien vers l'entrée précédente a été modifié"}
	case Hash(prevHash, seq, e) != hash:
		return &Break{Seq: seq, ID: e.ID, Reason: "entrée modifiée : son contenu ne correspond plus à son empreinte"}
	}
	v.seq, v.prev = seq, hash
	v.n++
	return nil
}

// Checked is how many entries held so far.
func (v *Verifier) Checked() int64 { return v.n }

// End checks that the chain reaches the head recorded at the last append
// (so that removing the last entries is seen too), and returns how many
// entries were checked.
func (v *Verifier) End(headSeq int64, headHash string) (int64, *Break) {
	if headSeq > v.seq {
		return v.n, &Break{Seq: v.seq + 1, Reason: fmt.Sprintf("entrée manquante (supprimée ?) : le journal devrait aller jusqu'à la n° %d", headSeq)}
	}
	if headSeq == v.seq && headHash != v.prev {
		return v.n, &Break{Seq: v.seq, Reason: "la dernière entrée ne correspond pas à celle enregistrée lors de l'ajout"}
	}
	if headSeq < v.seq {
		return v.n, &Break{Seq: headSeq + 1, Reason: "entrée ajoutée hors de l'application"}
	}
	return v.n, nil
}
