package docsafe

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
)

// Photos are straightened and brought down to MaxDimension pixels on their
// longer side, then saved as JPEG at PhotoQuality: a phone's 4 MB photo of
// a residence permit becomes a few hundred kilobytes, still readable.
const (
	MaxDimension = 2000
	PhotoQuality = 82
	maxPixels    = 60_000_000 // refused before decoding: a small file may claim a huge image
)

// orient turns img as the EXIF orientation o says (1 to 8).
func orient(img *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return img
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			si := img.PixOffset(x+img.Rect.Min.X, y+img.Rect.Min.Y)
			di := dst.PixOffset(dx, dy)
			copy(dst.Pix[di:di+4], img.Pix[si:si+4])
		}
	}
	return dst
}

// toRGBA copies any image onto a white opaque canvas (JPEG has no
// transparency: a transparent scan stays readable).
func toRGBA(src image.Image) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Rect, &image.Uniform{C: color.White}, image.Point{}, draw.Src)
	draw.Draw(dst, dst.Rect, src, b.Min, draw.Over)
	return dst
}

// shrink averages blocks of pixels so that the longer side is at most max.
func shrink(src *image.RGBA, max int) *image.RGBA {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	if w <= max && h <= max {
		return src
	}
	dw, dh := max, h*max/w
	if h > w {
		dw, dh = w*max/h, max
	}
	dw, dh = maxInt(dw, 1), maxInt(dh, 1)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		y0, y1 := y*h/dh, maxInt((y+1)*h/dh, y*h/dh+1)
		for x := 0; x < dw; x++ {
			x0, x1 := x*w/dw, maxInt((x+1)*w/dw, x*w/dw+1)
			var r, g, b, a, n uint32
			for sy := y0; sy < y1; sy++ {
				i := src.PixOffset(x0, sy)
				for sx := x0; sx < x1; sx++ {
					r += uint32(src.Pix[i])
					g += uint32(src.Pix[i+1])
					b += uint32(src.Pix[i+2])
					a += uint32(src.Pix[i+3])
					n++
					i += 4
				}
			}
			di := dst.PixOffset(x, y)
			dst.Pix[di], dst.Pix[di+1], dst.Pix[di+2], dst.Pix[di+3] = uint8(r/n), uint8(g/n), uint8(b/n), uint8(a/n)
		}
	}
	return dst
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// normalizeImage decodes a JPEG or PNG (a file that does not decode is
// refused), straightens a JPEG by its EXIF orientation, shrinks it and
// encodes it again: JPEG for photos, PNG kept lossless for PNG scans. The
// new file carries no metadata (no place where the photo was taken).
func normalizeImage(b []byte, contentType string) ([]byte, string, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, "", errUnreadableImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return nil, "", errHugeImage
	}
	var img image.Image
	if contentType == TypeJPEG {
		img, err = jpeg.Decode(bytes.NewReader(b))
	} else {
		img, err = png.Decode(bytes.NewReader(b))
	}
	if err != nil {
		return nil, "", errUnreadableImage
	}
	rgba := shrink(toRGBA(img), MaxDimension)
	var out bytes.Buffer
	if contentType == TypeJPEG {
		rgba = orient(rgba, Orientation(b))
		err = jpeg.Encode(&out, rgba, &jpeg.Options{Quality: PhotoQuality})
	} else {
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		err = enc.Encode(&out, rgba)
	}
	return out.Bytes(), contentType, err
}
