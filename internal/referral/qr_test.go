package referral

import (
	"bytes"
	"strings"
	"testing"
)

// Reed–Solomon and format vectors from the ISO/IEC 18004 worked example
// ("HELLO WORLD", version 1-M), as published in Thonky's QR tutorial.
func TestReedSolomonKnownVector(t *testing.T) {
	data := []byte{32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17}
	want := []byte{196, 35, 39, 119, 235, 215, 231, 226, 93, 23}
	if got := rsRemainder(data, rsDivisor(10)); !bytes.Equal(got, want) {
		t.Fatalf("EC codewords %v, want %v", got, want)
	}
}

func TestFormatBitsKnownValues(t *testing.T) {
	for mask, want := range map[int]int{0: 0b101010000010010, 1: 0b101000100100101, 4: 0b100010111111001, 7: 0b100101010100000} {
		if got := FormatBits(mask); got != want {
			t.Errorf("mask %d: %015b, want %015b", mask, got, want)
		}
	}
}

// readBack undoes the placement: it unmasks the data area and reads the
// codewords in zigzag order, so the test can check what a reader gets.
func readBack(q *QR) []byte {
	var bits []bool
	for right := q.Size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		for vert := 0; vert < q.Size; vert++ {
			for j := 0; j < 2; j++ {
				x, y := right-j, vert
				if (right+1)&2 == 0 {
					y = q.Size - 1 - vert
				}
				if !q.function[y][x] {
					bits = append(bits, q.Modules[y][x] != maskBit(q.Mask, x, y))
				}
			}
		}
	}
	return bitBuffer(bits[:len(bits)/8*8]).bytes()
}

func TestEncodeRoundTrip(t *testing.T) {
	for _, text := range []string{"a", "https://parcours.example.fr/orientation/AAAAAAAAAAEAAAAAZ2dqaw.c2lnbmF0dXJlLWV4ZW1wbGUtMjA", strings.Repeat("x", 200)} {
		q, err := EncodeQR(text)
		if err != nil {
			t.Fatal(err)
		}
		e := ecM[q.Version]
		nblocks := e[1] + e[3]
		raw := readBack(q)
		// De-interleave the data codewords and check each block's EC.
		sizes := []int{}
		for g := 0; g < 2; g++ {
			for k := 0; k < e[1+2*g]; k++ {
				sizes = append(sizes, e[2+2*g])
			}
		}
		blocks := make([][]byte, nblocks)
		i := 0
		for col := 0; col < e[4]+e[2]; col++ {
			for b := range blocks {
				if col < sizes[b] {
					blocks[b] = append(blocks[b], raw[i])
					i++
				}
			}
		}
		ecs := make([][]byte, nblocks)
		for col := 0; col < e[0]; col++ {
			for b := range ecs {
				ecs[b] = append(ecs[b], raw[i])
				i++
			}
		}
		var data []byte
		for b := range blocks {
			if !bytes.Equal(rsRemainder(blocks[b], rsDivisor(e[0])), ecs[b]) {
				t.Fatalf("%q: block %d fails its Reed–Solomon check", text, b)
			}
			data = append(data, blocks[b]...)
		}
		var bb bitBuffer
		for _, c := range data {
			bb.add(int(c), 8)
		}
		count, start := 0, 12
		if q.Version >= 10 {
			start = 20
		}
		for _, bit := range bb[4:start] {
			count = count<<1 | map[bool]int{true: 1}[bit]
		}
		if bb.bytes()[0]>>4 != 0b0100 || count != len(text) {
			t.Fatalf("%q: mode %04b count %d", text, bb.bytes()[0]>>4, count)
		}
		got := bitBuffer(bb[start : start+8*count]).bytes()
		if string(got) != text {
			t.Fatalf("read back %q, want %q", got, text)
		}
		svg := q.SVG(`Lien "test"`)
		if !strings.HasPrefix(svg, "<svg") || strings.Contains(svg, "style=") || !strings.Contains(svg, "&quot;test&quot;") {
			t.Fatalf("svg: %.200s", svg)
		}
	}
	if _, err := EncodeQR(strings.Repeat("x", 300)); err != ErrTooLong {
		t.Fatalf("300 bytes: %v", err)
	}
}

func TestSignedLink(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	now := mustTime("2026-03-02T10:00:00Z")
	tok := Sign(secret, 42, now.Add(LinkValidity))
	id, exp, err := Verify(secret, tok, now.Add(7*24*3600e9))
	if err != nil || id != 42 || !exp.Equal(now.Add(LinkValidity)) {
		t.Fatalf("id %d exp %v err %v", id, exp, err)
	}
	if _, _, err := Verify(secret, tok, now.Add(LinkValidity)); err == nil {
		t.Fatal("an 8-day-old link must be refused")
	}
	if _, _, err := Verify([]byte("another secret of 32 bytes......"), tok, now); err == nil {
		t.Fatal("a link signed with another secret must be refused")
	}
	forged := Sign(secret, 43, now.Add(LinkValidity))
	p, _, _ := strings.Cut(forged, ".")
	_, s, _ := strings.Cut(tok, ".")
	if _, _, err := Verify(secret, p+"."+s, now); err == nil {
		t.Fatal("a link whose id was changed must be refused")
	}
	for _, bad := range []string{"", ".", "abc", "abc.def", tok + "x"} {
		if _, _, err := Verify(secret, bad, now); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
