package resource

import (
	"archive/zip"
	"bytes"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// MaxFile is the largest file accepted in the library.
const MaxFile = 20 << 20

// Types of the files the library accepts, found from their bytes.
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	TypePPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	TypeODT  = "application/vnd.oasis.opendocument.text"
	TypeODS  = "application/vnd.oasis.opendocument.spreadsheet"
	TypeODP  = "application/vnd.oasis.opendocument.presentation"
)

var formats = map[string]struct{ ext, label string }{
	TypePDF:  {".pdf", "PDF"},
	TypeJPEG: {".jpg", "Image JPEG"},
	TypePNG:  {".png", "Image PNG"},
	TypeDOCX: {".docx", "Document Word"},
	TypeXLSX: {".xlsx", "Tableur Excel"},
	TypePPTX: {".pptx", "Présentation PowerPoint"},
	TypeODT:  {".odt", "Document texte OpenDocument"},
	TypeODS:  {".ods", "Tableur OpenDocument"},
	TypeODP:  {".odp", "Présentation OpenDocument"},
}

// FormatLabel names a file type in French.
func FormatLabel(contentType string) string { return formats[contentType].label }

// Extension is the file name extension of a type.
func Extension(contentType string) string { return formats[contentType].ext }

// Refusals of an upload, for the field "fichier".
var (
	ErrEmptyFile   = apperr.Field("fichier", "Le fichier est vide.")
	ErrFileTooBig  = apperr.Field("fichier", "Le fichier dépasse 20 Mo : compressez-le, ou partagez un lien vers lui.")
	ErrFileRefused = apperr.Field("fichier", "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG, ni un document Word, Excel, PowerPoint ou OpenDocument (.docx, .xlsx, .pptx, .odt, .ods, .odp).")
	ErrOldOffice   = apperr.Field("fichier", "Ce document est à l'ancien format Office (.doc, .xls, .ppt) : enregistrez-le en .docx, .xlsx, .pptx ou en PDF, puis envoyez-le.")
	ErrBadPDF      = apperr.Field("fichier", "Ce PDF est incomplet ou abîmé.")
	ErrBadDocument = apperr.Field("fichier", "Ce document est abîmé ou n'est pas un document bureautique.")
)

// Sniff finds the type of an uploaded file from its bytes, never from its
// name nor from what the browser claims, and refuses what the library does
// not keep.
func Sniff(b []byte) (string, error) {
	switch {
	case len(b) == 0:
		return "", ErrEmptyFile
	case len(b) > MaxFile:
		return "", ErrFileTooBig
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return "", ErrOldOffice
	}
	switch ct := http.DetectContentType(b); ct {
	case TypePDF:
		if !bytes.Contains(b[max(0, len(b)-2048):], []byte("%%EOF")) {
			return "", ErrBadPDF
		}
		return TypePDF, nil
	case TypeJPEG, TypePNG:
		return ct, nil
	case "application/zip":
		return sniffZip(b)
	}
	return "", ErrFileRefused
}

// sniffZip tells office documents apart: OpenDocument names its type in its
// first entry "mimetype"; Office Open XML has [Content_Types].xml and the
// folder of its application.
func sniffZip(b []byte) (string, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil || len(z.File) == 0 {
		return "", ErrBadDocument
	}
	if f := z.File[0]; f.Name == "mimetype" && f.UncompressedSize64 < 100 {
		rc, err := f.Open()
		if err != nil {
			return "", ErrBadDocument
		}
		m, err := io.ReadAll(io.LimitReader(rc, 100))
		rc.Close()
		if err != nil {
			return "", ErrBadDocument
		}
		switch t := strings.TrimSpace(string(m)); t {
		case TypeODT, TypeODS, TypeODP:
			return t, nil
		}
		return "", ErrFileRefused
	}
	var types bool
	dirs := map[string]bool{}
	for _, f := range z.File {
		if f.Name == "[Content_Types].xml" {
			types = true
		}
		if i := strings.IndexByte(f.Name, '/'); i > 0 {
			dirs[f.Name[:i]] = true
		}
	}
	switch {
	case !types:
		return "", ErrFileRefused
	case dirs["word"]:
		return TypeDOCX, nil
	case dirs["xl"]:
		return TypeXLSX, nil
	case dirs["ppt"]:
		return TypePPTX, nil
	}
	return "", ErrFileRefused
}

// DownloadName is the name a downloaded file gets: the uploaded name
// without its folders, with the extension of its real type.
func DownloadName(r Resource) string {
	name := path.Base(strings.ReplaceAll(r.FileName, "\\", "/"))
	name = strings.TrimSuffix(name, path.Ext(name))
	name = strings.Map(func(c rune) rune {
		if c < 0x20 || c == 0x7f || strings.ContainsRune(`"/\:*?<>|`, c) {
			return '-'
		}
		return c
	}, strings.TrimSpace(name))
	if name == "" || name == "." {
		name = "ressource-" + itoa(r.ID)
	}
	return name + Extension(r.FileType)
}

// Send writes a resource's file as a download: its real type, a safe name,
// and no sniffing by the browser.
func Send(w http.ResponseWriter, r Resource, b []byte) {
	h := w.Header()
	h.Set("Content-Type", r.FileType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": DownloadName(r)}))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-cache")
	_, _ = w.Write(b)
}
