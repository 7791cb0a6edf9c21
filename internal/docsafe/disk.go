package docsafe

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Disk keeps the encrypted files in one folder, each named by its random
// blob id.
type Disk struct {
	Dir string
}

func (d Disk) path(id string) (string, error) {
	if !ValidBlobID(id) {
		return "", fmt.Errorf("nom de fichier de coffre-fort invalide %q", id)
	}
	return filepath.Join(d.Dir, id), nil
}

// Put writes a new file atomically (a temporary file renamed), never over
// an existing one.
func (d Disk) Put(id string, b []byte) error {
	p, err := d.path(id)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(d.Dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(d.Dir, ".envoi-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if _, err := os.Stat(p); err == nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("le fichier %s existe déjà", id)
	}
	return os.Rename(tmp.Name(), p)
}

// Get reads a stored file.
func (d Disk) Get(id string) ([]byte, error) {
	p, err := d.path(id)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}

// Remove deletes a stored file; a file already gone is not an error.
func (d Disk) Remove(id string) error {
	p, err := d.path(id)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
