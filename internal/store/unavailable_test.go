package store

import (
	"errors"
	"fmt"
	"io"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestUnavailable(t *testing.T) {
	for err, want := range map[error]bool{
		nil:                                                 false,
		errors.New("syntax error"):                          false,
		&pgconn.PgError{Code: "23505"}:                      false,
		&pgconn.PgError{Code: "57P01"}:                      true,
		&pgconn.PgError{Code: "08006"}:                      true,
		fmt.Errorf("liste: %w", io.ErrUnexpectedEOF):        true,
		fmt.Errorf("dial: %w", syscall.ECONNREFUSED):        true,
		errors.New("failed to connect to `host=127.0.0.1`"): true,
	} {
		if got := Unavailable(err); got != want {
			t.Errorf("Unavailable(%v) = %v, want %v", err, got, want)
		}
	}
}
