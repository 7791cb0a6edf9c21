package fragilitystore_test

import "time"

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)
