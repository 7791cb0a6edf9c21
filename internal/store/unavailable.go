package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// UnavailableMessage is what pages and the API say while the database
// cannot be reached.
const UnavailableMessage = "Le service est momentanément indisponible, réessayez dans une minute."

// RetryAfterSeconds is the Retry-After of an answer given while the
// database cannot be reached.
const RetryAfterSeconds = 60

// Unavailable reports whether err means the database could not be reached
// (refused or lost connection, server shutting down or starting), not that
// a query was wrong: the request may succeed when retried.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ne) || errors.As(err, &ce) {
		return true
	}
	for _, target := range []error{driver.ErrBadConn, sql.ErrConnDone, io.ErrUnexpectedEOF, syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.EPIPE} {
		if errors.Is(err, target) {
			return true
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// class 08: connection exception; 57P01-03: shutdown, crash, starting up
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	// errors reported as text by a layer that did not wrap them
	msg := err.Error()
	for _, s := range []string{"conn closed", "connection refused", "connection reset", "broken pipe", "unexpected EOF", "failed to connect", "database is closed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
