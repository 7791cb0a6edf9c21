package resource

import (
	"archive/zip"
	"bytes"
	"image"
	"image/png"
	"testing"

	"github.com/xuri/excelize/v2"
)

func zipOf(t *testing.T, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := z.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSniff: a file's type comes from its bytes, whatever its name says.
func TestSniff(t *testing.T) {
	t.Parallel()
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	book := excelize.NewFile()
	book.SetCellValue("Sheet1", "A1", "Atelier")
	xlsx, err := book.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
		err  error
	}{
		{"pdf", []byte("%PDF-1.4\n%%EOF\n"), TypePDF, nil},
		{"truncated pdf", []byte("%PDF-1.4\n1 0 obj"), "", ErrBadPDF},
		{"png", img.Bytes(), TypePNG, nil},
		{"xlsx", xlsx.Bytes(), TypeXLSX, nil},
		{"docx", zipOf(t, "[Content_Types].xml", "<Types/>", "word/document.xml", "<w:document/>"), TypeDOCX, nil},
		{"pptx", zipOf(t, "[Content_Types].xml", "<Types/>", "ppt/presentation.xml", "<p/>"), TypePPTX, nil},
		{"odt", zipOf(t, "mimetype", TypeODT, "content.xml", "<office/>"), TypeODT, nil},
		{"plain zip", zipOf(t, "photo.jpg", "x"), "", ErrFileRefused},
		{"old word", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "", ErrOldOffice},
		{"html", []byte("<!DOCTYPE html><script>alert(1)</script>"), "", ErrFileRefused},
		{"empty", nil, "", ErrEmptyFile},
		{"too big", append([]byte("%PDF-1.4\n"), make([]byte, MaxFile)...), "", ErrFileTooBig},
	} {
		got, err := Sniff(c.data)
		if got != c.want || err != c.err {
			t.Errorf("%s: %q, %v; want %q, %v", c.name, got, err, c.want, c.err)
		}
	}
}

func TestDownloadName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`C:\Users\moi\Fiche "ameli".PDF`: "Fiche -ameli-.pdf",
		"../../etc/passwd":               "passwd.pdf",
		"":                               "ressource-7.pdf",
	} {
		if got := DownloadName(Resource{ID: 7, FileName: in, FileType: TypePDF}); got != want {
			t.Errorf("DownloadName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateLink(t *testing.T) {
	t.Parallel()
	r := Resource{Title: "Fiche", Themes: []string{"email"}, Audiences: []string{"seniors"}, Licence: "cc_by"}
	for link, ok := range map[string]bool{"https://www.exemple.fr/fiche": true, "javascript:alert(1)": false, "www.exemple.fr": false, "": false} {
		r.Link = link
		if err := r.Validate(false); (err == nil) != ok {
			t.Errorf("link %q: %v", link, err)
		}
	}
	r.Link = "https://www.exemple.fr"
	if err := r.Validate(true); err == nil {
		t.Error("a file and a link together are accepted")
	}
}
