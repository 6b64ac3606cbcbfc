package io.sightline.inference.oip;

import io.sightline.inference.InvalidInputException;
import java.util.Arrays;

/** Shape arithmetic that refuses instead of overflowing: a declared shape is hostile until checked. */
public final class TensorShape {

    private TensorShape() {
    }

    /** The shape, if present and every dimension is non-negative. */
    public static long[] checked(long[] shape) throws InvalidInputException {
        if (shape == null || shape.length == 0) {
            throw new InvalidInputException("an input needs a shape");
        }
        for (long dim : shape) {
            if (dim < 0) {
                throw new InvalidInputException("shape dimensions must be non-negative, got " + Arrays.toString(shape));
            }
        }
        return shape;
    }

    /** The number of elements; a product beyond a long is refused. */
    public static long elements(long[] shape) throws InvalidInputException {
        long count = 1;
        for (long dim : shape) {
            count = times(count, dim);
        }
        return count;
    }

    static long times(long a, long b) throws InvalidInputException {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new InvalidInputException("tensor too large: the product of its shape overflows");
        }
    }
}
