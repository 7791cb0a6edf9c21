package referral

import (
	"errors"
	"strconv"
	"strings"
)

// A small QR code encoder (ISO/IEC 18004): byte mode, error correction
// level M, versions 1 to 10 (up to 213 bytes), enough for a signed link.
// It is printed on the fiche d'orientation for places without e-mail.

// QR is an encoded symbol: Modules[y][x] is true for a dark module.
type QR struct {
	Version  int
	Size     int
	Mask     int
	Modules  [][]bool
	function [][]bool
}

// ecM gives, for versions 1–10 at level M: EC codewords per block, then
// (blocks, data codewords) for group 1 and group 2.
var ecM = [11][5]int{
	{}, {10, 1, 16, 0, 0}, {16, 1, 28, 0, 0}, {26, 1, 44, 0, 0}, {18, 2, 32, 0, 0}, {24, 2, 43, 0, 0},
	{16, 4, 27, 0, 0}, {18, 4, 31, 0, 0}, {22, 2, 38, 2, 39}, {22, 3, 36, 2, 37}, {26, 4, 43, 1, 44},
}

var alignment = [11][]int{nil, nil, {6, 18}, {6, 22}, {6, 26}, {6, 30}, {6, 34}, {6, 22, 38}, {6, 24, 42}, {6, 26, 46}, {6, 28, 50}}

// ErrTooLong means the text does not fit in a version 10 symbol.
var ErrTooLong = errors.New("qr: text too long")

// EncodeQR encodes text in the smallest version that holds it.
func EncodeQR(text string) (*QR, error) {
	data := []byte(text)
	for v := 1; v <= 10; v++ {
		e := ecM[v]
		capacity := e[1]*e[2] + e[3]*e[4]
		countBits := 8
		if v >= 10 {
			countBits = 16
		}
		if 4+countBits+8*len(data) > capacity*8 {
			continue
		}
		var bb bitBuffer
		bb.add(0b0100, 4)
		bb.add(len(data), countBits)
		for _, b := range data {
			bb.add(int(b), 8)
		}
		bb.add(0, min(4, capacity*8-len(bb)))
		bb.add(0, (8-len(bb)%8)%8)
		codewords := bb.bytes()
		for pad := 0xEC; len(codewords) < capacity; pad ^= 0xEC ^ 0x11 {
			codewords = append(codewords, byte(pad))
		}
		q := newQR(v)
		q.drawFunctionPatterns()
		q.drawCodewords(interleave(v, codewords))
		best, bestPenalty := 0, -1
		for m := 0; m < 8; m++ {
			q.applyMask(m)
			q.drawFormat(m)
			if p := q.penalty(); bestPenalty < 0 || p < bestPenalty {
				best, bestPenalty = m, p
			}
			q.applyMask(m) // XOR again: undo
		}
		q.Mask = best
		q.applyMask(best)
		q.drawFormat(best)
		return q, nil
	}
	return nil, ErrTooLong
}

type bitBuffer []bool

func (b *bitBuffer) add(v, n int) {
	for i := n - 1; i >= 0; i-- {
		*b = append(*b, (v>>i)&1 == 1)
	}
}

func (b bitBuffer) bytes() []byte {
	out := make([]byte, len(b)/8)
	for i, bit := range b {
		if bit {
			out[i/8] |= 1 << (7 - i%8)
		}
	}
	return out
}

func newQR(version int) *QR {
	size := 17 + 4*version
	q := &QR{Version: version, Size: size, Modules: make([][]bool, size), function: make([][]bool, size)}
	for i := range q.Modules {
		q.Modules[i] = make([]bool, size)
		q.function[i] = make([]bool, size)
	}
	return q
}

func (q *QR) set(x, y int, dark bool) {
	q.Modules[y][x] = dark
	q.function[y][x] = true
}

func (q *QR) drawFunctionPatterns() {
	for i := 0; i < q.Size; i++ {
		q.set(6, i, i%2 == 0)
		q.set(i, 6, i%2 == 0)
	}
	q.drawFinder(3, 3)
	q.drawFinder(q.Size-4, 3)
	q.drawFinder(3, q.Size-4)
	pos := alignment[q.Version]
	for i, a := range pos {
		for j, b := range pos {
			if (i == 0 && j == 0) || (i == 0 && j == len(pos)-1) || (i == len(pos)-1 && j == 0) {
				continue
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					q.set(a+dx, b+dy, max(abs(dx), abs(dy)) != 1)
				}
			}
		}
	}
	q.drawFormat(0) // reserves the areas; drawn again after masking
	if q.Version >= 7 {
		rem := q.Version
		for i := 0; i < 12; i++ {
			rem = (rem << 1) ^ ((rem >> 11) * 0x1F25)
		}
		bits := q.Version<<12 | rem
		for i := 0; i < 18; i++ {
			bit := (bits>>i)&1 == 1
			a, b := q.Size-11+i%3, i/3
			q.set(a, b, bit)
			q.set(b, a, bit)
		}
	}
}

func (q *QR) drawFinder(cx, cy int) {
	for dy := -4; dy <= 4; dy++ {
		for dx := -4; dx <= 4; dx++ {
			x, y := cx+dx, cy+dy
			if x < 0 || y < 0 || x >= q.Size || y >= q.Size {
				continue
			}
			d := max(abs(dx), abs(dy))
			q.set(x, y, d != 2 && d != 4)
		}
	}
}

// FormatBits returns the 15 format bits of level M with a mask.
func FormatBits(mask int) int {
	data := 0<<3 | mask // level M is 00
	rem := data
	for i := 0; i < 10; i++ {
		rem = (rem << 1) ^ ((rem >> 9) * 0x537)
	}
	return (data<<10 | rem) ^ 0x5412
}

func (q *QR) drawFormat(mask int) {
	bits := FormatBits(mask)
	bit := func(i int) bool { return (bits>>i)&1 == 1 }
	for i := 0; i <= 5; i++ {
		q.set(8, i, bit(i))
	}
	q.set(8, 7, bit(6))
	q.set(8, 8, bit(7))
	q.set(7, 8, bit(8))
	for i := 9; i < 15; i++ {
		q.set(14-i, 8, bit(i))
	}
	for i := 0; i < 8; i++ {
		q.set(q.Size-1-i, 8, bit(i))
	}
	for i := 8; i < 15; i++ {
		q.set(8, q.Size-15+i, bit(i))
	}
	q.set(8, q.Size-8, true) // the dark module
}

// interleave splits data into blocks, adds Reed–Solomon codewords and
// interleaves them.
func interleave(version int, data []byte) []byte {
	e := ecM[version]
	var blocks [][]byte
	off := 0
	for g := 0; g < 2; g++ {
		for k := 0; k < e[1+2*g]; k++ {
			n := e[2+2*g]
			blocks = append(blocks, data[off:off+n])
			off += n
		}
	}
	div := rsDivisor(e[0])
	ecs := make([][]byte, len(blocks))
	maxLen := 0
	for i, b := range blocks {
		ecs[i] = rsRemainder(b, div)
		maxLen = max(maxLen, len(b))
	}
	var out []byte
	for i := 0; i < maxLen; i++ {
		for _, b := range blocks {
			if i < len(b) {
				out = append(out, b[i])
			}
		}
	}
	for i := 0; i < e[0]; i++ {
		for _, ec := range ecs {
			out = append(out, ec[i])
		}
	}
	return out
}

func gfMul(x, y byte) byte {
	z := 0
	for i := 7; i >= 0; i-- {
		z = (z << 1) ^ ((z >> 7) * 0x11D)
		z ^= int((y>>i)&1) * int(x)
	}
	return byte(z)
}

func rsDivisor(degree int) []byte {
	res := make([]byte, degree)
	res[degree-1] = 1
	root := byte(1)
	for i := 0; i < degree; i++ {
		for j := 0; j < degree; j++ {
			res[j] = gfMul(res[j], root)
			if j+1 < degree {
				res[j] ^= res[j+1]
			}
		}
		root = gfMul(root, 2)
	}
	return res
}

func rsRemainder(data, div []byte) []byte {
	res := make([]byte, len(div))
	for _, b := range data {
		factor := b ^ res[0]
		copy(res, res[1:])
		res[len(res)-1] = 0
		for i := range res {
			res[i] ^= gfMul(div[i], factor)
		}
	}
	return res
}

func (q *QR) drawCodewords(data []byte) {
	i := 0
	for right := q.Size - 1; right >= 1; right -= 2 {
		if right == 6 {
			right = 5
		}
		for vert := 0; vert < q.Size; vert++ {
			for j := 0; j < 2; j++ {
				x := right - j
				y := vert
				if (right+1)&2 == 0 {
					y = q.Size - 1 - vert
				}
				if !q.function[y][x] && i < len(data)*8 {
					q.Modules[y][x] = (data[i>>3]>>(7-i&7))&1 == 1
					i++
				}
			}
		}
	}
}

func maskBit(mask, x, y int) bool {
	switch mask {
	case 0:
		return (x+y)%2 == 0
	case 1:
		return y%2 == 0
	case 2:
		return x%3 == 0
	case 3:
		return (x+y)%3 == 0
	case 4:
		return (x/3+y/2)%2 == 0
	case 5:
		return x*y%2+x*y%3 == 0
	case 6:
		return (x*y%2+x*y%3)%2 == 0
	}
	return ((x+y)%2+x*y%3)%2 == 0
}

func (q *QR) applyMask(mask int) {
	for y := 0; y < q.Size; y++ {
		for x := 0; x < q.Size; x++ {
			if !q.function[y][x] && maskBit(mask, x, y) {
				q.Modules[y][x] = !q.Modules[y][x]
			}
		}
	}
}

// penalty scores a masked symbol (lower is better): runs, 2×2 blocks,
// finder-like patterns and the balance of dark modules.
func (q *QR) penalty() int {
	n := q.Size
	p := 0
	at := func(x, y int, rows bool) bool {
		if rows {
			return q.Modules[y][x]
		}
		return q.Modules[x][y]
	}
	for _, rows := range []bool{true, false} {
		for y := 0; y < n; y++ {
			run := 1
			for x := 1; x <= n; x++ {
				if x < n && at(x, y, rows) == at(x-1, y, rows) {
					run++
					continue
				}
				if run >= 5 {
					p += 3 + run - 5
				}
				run = 1
			}
			for x := 0; x+7 <= n; x++ {
				if at(x, y, rows) && !at(x+1, y, rows) && at(x+2, y, rows) && at(x+3, y, rows) && at(x+4, y, rows) && !at(x+5, y, rows) && at(x+6, y, rows) {
					before, after := true, true
					for k := 1; k <= 4; k++ {
						if x-k >= 0 && at(x-k, y, rows) {
							before = false
						}
						if x+6+k < n && at(x+6+k, y, rows) {
							after = false
						}
					}
					if before || after {
						p += 40
					}
				}
			}
		}
	}
	dark := 0
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if q.Modules[y][x] {
				dark++
			}
			if x+1 < n && y+1 < n {
				c := q.Modules[y][x]
				if c == q.Modules[y][x+1] && c == q.Modules[y+1][x] && c == q.Modules[y+1][x+1] {
					p += 3
				}
			}
		}
	}
	total := n * n
	k := (abs(dark*20-total*10) + total - 1) / total
	return p + (k-1)*10
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// SVG draws the symbol with a quiet zone of 4 modules, as one path that the
// page scales; no style attribute, so the strict CSP allows it.
func (q *QR) SVG(label string) string {
	var b strings.Builder
	n := q.Size + 8
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="parcours-qr" viewBox="0 0 `)
	b.WriteString(strconv.Itoa(n) + " " + strconv.Itoa(n))
	b.WriteString(`" role="img" aria-label="`)
	b.WriteString(strings.NewReplacer(`"`, "&quot;", "<", "&lt;", ">", "&gt;", "&", "&amp;").Replace(label))
	b.WriteString(`" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="`)
	for y := 0; y < q.Size; y++ {
		for x := 0; x < q.Size; x++ {
			if q.Modules[y][x] {
				b.WriteString("M" + strconv.Itoa(x+4) + " " + strconv.Itoa(y+4) + "h1v1h-1z")
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return b.String()
}
