package io.sightline.inference.payloads;

/**
 * The media type of an encoded image, told from its first bytes rather than from what the caller declared: the
 * record says what the bytes are, and the dataset service names files by it.
 */
final class ImageMediaTypes {

    static final String OCTET_STREAM = "application/octet-stream";

    private ImageMediaTypes() {
    }

    static String of(byte[] image) {
        if (starts(image, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (starts(image, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(image, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (starts(image, 'B', 'M')) {
            return "image/bmp";
        }
        if (image.length > 1 && image[0] == 'P' && image[1] >= '1' && image[1] <= '6') {
            return "image/x-portable-anymap";
        }
        return OCTET_STREAM;
    }

    private static boolean starts(byte[] image, int... prefix) {
        if (image.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((image[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
