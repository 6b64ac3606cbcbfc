package io.sightline.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --lr}: a rate ({@code 0.001}, {@code 1e-3}), or {@code auto} for the trainer's learning-rate range test
 * (decision 101). The value goes into the body as a JSON number, or as the string {@code "auto"}.
 */
final class LearningRateArgument implements ITypeConverter<Object> {

    static final String AUTO = "auto";

    @Override
    public Object convert(String value) {
        String text = value == null ? "" : value.strip();
        if (AUTO.equals(text.toLowerCase(Locale.ROOT))) {
            return AUTO;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a learning rate: give a number (0.001, 1e-3)"
                    + " or auto");
        }
    }
}
