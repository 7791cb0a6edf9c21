package docsafe

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// KeySize is the length of every key: AES-256.
const KeySize = 32

// keyFilePrefix starts a territory key file, so that a wrong file is
// recognised before it is used.
const keyFilePrefix = "parcours-coffre-v1:"

// ErrWrongKey means the territory key or a document key does not open the
// bytes: another key, or bytes altered on disk.
var ErrWrongKey = errors.New("clé du coffre-fort incorrecte ou document altéré")

// TerritoryKey wraps the key of every document of the territory. It is
// read from a file named in the configuration and never stored in the
// database: a copy of the database and of the files alone reads nothing.
type TerritoryKey struct {
	key []byte
	ID  string // a fingerprint stored with each wrapped key, never the key
}

// NewTerritoryKey draws a fresh random key.
func NewTerritoryKey() (TerritoryKey, error) {
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		return TerritoryKey{}, err
	}
	return territoryKey(k), nil
}

func territoryKey(k []byte) TerritoryKey {
	sum := sha256.Sum256(append([]byte("parcours-coffre-empreinte:"), k...))
	return TerritoryKey{key: k, ID: hex.EncodeToString(sum[:8])}
}

// FileContent is the text of a key file.
func (k TerritoryKey) FileContent() []byte {
	return []byte(keyFilePrefix + base64.StdEncoding.EncodeToString(k.key) + "\n")
}

// ParseKeyFile reads the text of a key file.
func ParseKeyFile(b []byte) (TerritoryKey, error) {
	s := strings.TrimSpace(string(b))
	if !strings.HasPrefix(s, keyFilePrefix) {
		return TerritoryKey{}, errors.New("ce fichier n'est pas une clé de coffre-fort Parcours (créez-en une avec « parcours safe new-key FICHIER »)")
	}
	k, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, keyFilePrefix))
	if err != nil || len(k) != KeySize {
		return TerritoryKey{}, errors.New("la clé de coffre-fort de ce fichier est abîmée : elle doit faire 32 octets en base64")
	}
	return territoryKey(k), nil
}

// ReadKeyFile reads a key file from disk.
func ReadKeyFile(path string) (TerritoryKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return TerritoryKey{}, fmt.Errorf("lecture de la clé du coffre-fort %s : %w", path, err)
	}
	k, err := ParseKeyFile(b)
	if err != nil {
		return k, fmt.Errorf("%s : %w", path, err)
	}
	return k, nil
}

// WriteKeyFile creates a new key file readable by its owner only; an
// existing file is never overwritten.
func WriteKeyFile(path string, k TerritoryKey) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(k.FileContent()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Valid reports whether the key was read or drawn.
func (k TerritoryKey) Valid() bool { return len(k.key) == KeySize }

// Wrap encrypts a document key for storage beside the document's row; the
// blob id is bound to it so a wrapped key cannot be moved to another file.
func (k TerritoryKey) Wrap(docKey []byte, blobID string) ([]byte, error) {
	return seal(k.key, docKey, []byte("cle:"+blobID))
}

// Unwrap decrypts a wrapped document key.
func (k TerritoryKey) Unwrap(wrapped []byte, blobID string) ([]byte, error) {
	return open(k.key, wrapped, []byte("cle:"+blobID))
}

// NewDocumentKey draws the random key of one document.
func NewDocumentKey() ([]byte, error) {
	k := make([]byte, KeySize)
	_, err := rand.Read(k)
	return k, err
}

// Encrypt seals a document's bytes with its own key (AES-256-GCM, random
// nonce first); the blob id is authenticated with them.
func Encrypt(docKey, plain []byte, blobID string) ([]byte, error) {
	return seal(docKey, plain, []byte("doc:"+blobID))
}

// Decrypt opens a document's stored bytes.
func Decrypt(docKey, stored []byte, blobID string) ([]byte, error) {
	return open(docKey, stored, []byte("doc:"+blobID))
}

func seal(key, plain, ad []byte) ([]byte, error) {
	g, err := gcm(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, g.NonceSize(), g.NonceSize()+len(plain)+g.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	return g.Seal(nonce, nonce, plain, ad), nil
}

func open(key, sealed, ad []byte) ([]byte, error) {
	g, err := gcm(key)
	if err != nil {
		return nil, err
	}
	if len(sealed) < g.NonceSize()+g.Overhead() {
		return nil, ErrWrongKey
	}
	out, err := g.Open(nil, sealed[:g.NonceSize()], sealed[g.NonceSize():], ad)
	if err != nil {
		return nil, ErrWrongKey
	}
	return out, nil
}

func gcm(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, ErrWrongKey
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// NewBlobID draws the random name of a stored file: it says nothing of the
// person or the document.
func NewBlobID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// ValidBlobID reports whether s is a name NewBlobID could have drawn, so
// that no stored name ever reaches the file system as a path.
func ValidBlobID(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && bytes.Equal([]byte(strings.ToLower(s)), []byte(s))
}
