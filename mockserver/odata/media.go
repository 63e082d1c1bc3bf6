package odata

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"sync"
)

// The media resource of a Title is its box art: the 2010 entry's __metadata names the large
// box shot on the CDN as media_src, with content_type image/jpeg (reference
// netflix-api-more.md section 2.1). The real service served or redirected to that image; the
// mock holds no image, so it answers every title's $value with one small placeholder.

// Box shots are portrait, about 5 wide to 7 high (the REST API's widest shot is 284 pixels);
// the placeholder keeps that shape in a few pixels.
const placeholderWidth, placeholderHeight = 10, 14

// placeholderJPEG is the placeholder box shot: a plain grey JPEG, encoded once by the
// standard library.
var placeholderJPEG = sync.OnceValue(func() []byte {
	img := image.NewGray(image.Rect(0, 0, placeholderWidth, placeholderHeight))
	for i := range img.Pix {
		img.Pix[i] = color.Gray{Y: 0x80}.Y
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		// Encoding an in-memory image fails only on a writer error, which a buffer never gives.
		panic("odata: encoding the placeholder box shot: " + err.Error())
	}
	return b.Bytes()
})
