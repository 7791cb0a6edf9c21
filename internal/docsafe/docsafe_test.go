package docsafe

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"path/filepath"
	"testing"
)

func TestEncryptionNeedsTheKeys(t *testing.T) {
	t.Parallel()
	tk, err := NewTerritoryKey()
	if err != nil {
		t.Fatal(err)
	}
	other, _ := NewTerritoryKey()
	docKey, _ := NewDocumentKey()
	blob := NewBlobID()
	plain := []byte("TITRE DE SEJOUR Marie Dupont")
	sealed, err := Encrypt(docKey, plain, blob)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, plain) || bytes.Contains(sealed, []byte("Dupont")) {
		t.Fatal("the plaintext is visible in the sealed bytes")
	}
	wrapped, err := tk.Wrap(docKey, blob)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Unwrap(wrapped, blob); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("another territory key unwrapped the document key: %v", err)
	}
	if _, err := tk.Unwrap(wrapped, NewBlobID()); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("a wrapped key moved to another file still opens: %v", err)
	}
	k, err := tk.Unwrap(wrapped, blob)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decrypt(k, sealed, blob)
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("decrypt: %q %v", got, err)
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := Decrypt(k, sealed, blob); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("altered bytes opened: %v", err)
	}
}

func TestKeyFile(t *testing.T) {
	t.Parallel()
	k, _ := NewTerritoryKey()
	path := filepath.Join(t.TempDir(), "cle")
	if err := WriteKeyFile(path, k); err != nil {
		t.Fatal(err)
	}
	if err := WriteKeyFile(path, k); err == nil {
		t.Fatal("an existing key file was overwritten")
	}
	back, err := ReadKeyFile(path)
	if err != nil || back.ID != k.ID {
		t.Fatalf("read back %v %v", back.ID, err)
	}
	for _, bad := range []string{"", "bonjour", keyFilePrefix + "AAAA"} {
		if _, err := ParseKeyFile([]byte(bad)); err == nil {
			t.Errorf("%q accepted as a key", bad)
		}
	}
}

// exifJPEG returns a w×h JPEG whose left column is red, with an EXIF
// orientation tag o (0: none) in the byte order bo.
func exifJPEG(t *testing.T, w, h, o int, bo binary.ByteOrder) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{255, 255, 255, 255}
			if x < w/4 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if o == 0 {
		return b
	}
	var tiff bytes.Buffer
	if bo == binary.LittleEndian {
		tiff.WriteString("II")
	} else {
		tiff.WriteString("MM")
	}
	for _, v := range []any{uint16(42), uint32(8), uint16(1), uint16(0x0112), uint16(3), uint32(1), uint16(o), uint16(0), uint32(0)} {
		_ = binary.Write(&tiff, bo, v)
	}
	seg := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	app1 := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(app1[2:], uint16(len(seg)+2))
	out := append([]byte{0xFF, 0xD8}, app1...)
	out = append(out, seg...)
	return append(out, b[2:]...)
}

func TestOrientation(t *testing.T) {
	t.Parallel()
	for _, o := range []int{1, 3, 6, 8} {
		for _, bo := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			if got := Orientation(exifJPEG(t, 8, 4, o, bo)); got != o {
				t.Errorf("orientation %d (%v): read %d", o, bo, got)
			}
		}
	}
	if got := Orientation(exifJPEG(t, 8, 4, 0, nil)); got != 1 {
		t.Errorf("no EXIF: %d", got)
	}
	for _, junk := range [][]byte{nil, {0xFF, 0xD8}, {0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF}, []byte("%PDF-1.4")} {
		if got := Orientation(junk); got != 1 {
			t.Errorf("%q: %d", junk, got)
		}
	}
}

func FuzzOrientation(f *testing.F) {
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		if o := Orientation(b); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

func TestPreparePhotoIsStraightenedAndShrunk(t *testing.T) {
	t.Parallel()
	// A phone photo 2×MaxDimension wide lying on its side (orientation 6:
	// turn 90° clockwise): the red band on its left ends on top.
	raw := exifJPEG(t, 2*MaxDimension, MaxDimension, 6, binary.BigEndian)
	out, ct, err := Prepare(raw)
	if err != nil || ct != TypeJPEG {
		t.Fatalf("%s %v", ct, err)
	}
	img, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != MaxDimension/2 || b.Dy() != MaxDimension {
		t.Fatalf("size %v, want %dx%d", b, MaxDimension/2, MaxDimension)
	}
	if r, g, _, _ := img.At(b.Dx()/2, 5).RGBA(); r>>8 < 200 || g>>8 > 60 {
		t.Errorf("top is not red: the photo was not turned")
	}
	if r, g, _, _ := img.At(b.Dx()/2, b.Dy()-5).RGBA(); r>>8 < 200 || g>>8 < 200 {
		t.Errorf("bottom is not white")
	}
	if Orientation(out) != 1 || len(out) >= len(raw) {
		t.Errorf("the stored photo keeps its EXIF or is not smaller (%d >= %d)", len(out), len(raw))
	}
}

func TestPrepareRefusals(t *testing.T) {
	t.Parallel()
	var pngBuf bytes.Buffer
	_ = png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 3, 3)))
	good := pngBuf.Bytes()
	cases := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"text named .pdf", []byte("bonjour, ceci n'est pas un PDF"), ErrNotAllowed},
		{"executable", append([]byte("MZ\x90\x00"), make([]byte, 100)...), ErrNotAllowed},
		{"truncated png", good[:len(good)/2], ErrBadImage},
		{"truncated pdf", []byte("%PDF-1.4\n1 0 obj\n"), ErrBadPDF},
		{"too large", append([]byte("%PDF-1.4\n"), make([]byte, MaxUpload)...), ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, _, err := Prepare(c.b); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if _, ct, err := Prepare(good); err != nil || ct != TypePNG {
		t.Fatalf("a small PNG: %s %v", ct, err)
	}
	if _, ct, err := Prepare([]byte("%PDF-1.4\n%%EOF\n")); err != nil || ct != TypePDF {
		t.Fatalf("a PDF: %s %v", ct, err)
	}
}

func TestReminderDue(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, exp, day string
		want           bool
	}{
		{KindResidence, "2027-03-07", "2026-12-07", true},  // 3 months ahead
		{KindResidence, "2027-05-07", "2026-12-07", false}, // 5 months ahead
		{KindIdentity, "2027-03-07", "2026-12-07", false},  // one month lead only
		{KindIdentity, "2026-12-20", "2026-12-07", true},
		{KindIdentity, "2026-12-07", "2026-12-07", false}, // expired today
		{KindIdentity, "", "2026-12-07", false},
	} {
		if got := ReminderDue(c.kind, c.exp, c.day); got != c.want {
			t.Errorf("%s %s on %s: %v", c.kind, c.exp, c.day, got)
		}
	}
}
