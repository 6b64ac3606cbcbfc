package io.sightline.inference.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sightline.inference.InvalidInputException;
import io.sightline.inference.oip.Datatype;
import io.sightline.inference.oip.InferRequest;
import io.sightline.inference.oip.InferResponse;
import io.sightline.inference.oip.OutputTensor;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire form, model aside: the binary extension's own example (two binary inputs, one binary output). */
class OpenInferenceWireTest {

    final OpenInferenceWire wire = new OpenInferenceWire(new ObjectMapper());

    @Test
    void readsTheBinaryExtensionsExampleRequest() throws Exception {
        byte[] header = ("{\"inputs\":[{\"name\":\"input0\",\"shape\":[2,2],\"datatype\":\"UINT32\","
                + "\"parameters\":{\"binary_data_size\":16}},{\"name\":\"input1\",\"shape\":[3],\"datatype\":\"BOOL\","
                + "\"parameters\":{\"binary_data_size\":3}}],\"outputs\":[{\"name\":\"output0\","
                + "\"parameters\":{\"binary_data\":true}},{\"name\":\"output1\"}]}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + 19).order(ByteOrder.LITTLE_ENDIAN).put(header);
        body.putInt(1).putInt(2).putInt(3).putInt(4).put(new byte[] {1, 0, 1});
        InferRequest request = wire.read(body.array(), Integer.toString(header.length));

        assertThat(request.inputs()).hasSize(2);
        assertThat(request.inputs().get(0).raw().remaining()).isEqualTo(16);
        assertThat(request.inputs().get(0).raw().getInt(12)).isEqualTo(4);
        assertThat(request.inputs().get(1).raw().remaining()).isEqualTo(3);
        assertThat(request.inputs().get(1).shape()).containsExactly(3);
        assertThat(request.outputs().get(0).binary()).isTrue();
        assertThat(request.outputs().get(1).binary()).isNull();
        assertThat(request.binaryOutputs()).isFalse();
    }

    @Test
    void refusesHostileHeaders() {
        byte[] body = "{\"inputs\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> wire.read(body, "-1")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> wire.read(body, "99")).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> wire.read(body, "x")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> wire.read("{\"inputs\":{}}".getBytes(StandardCharsets.UTF_8), null))
                .hasMessageContaining("array");
        assertThatThrownBy(() -> wire.read(("{\"inputs\":[{\"name\":\"input\",\"shape\":[1],"
                + "\"parameters\":{\"binary_data_size\":9007199254740993}}]}").getBytes(StandardCharsets.UTF_8), null))
                .hasMessageContaining("bytes of binary data are left");
        assertThatThrownBy(() -> wire.read("{\"id\":7}".getBytes(StandardCharsets.UTF_8), null))
                .hasMessageContaining("id");
        assertThatThrownBy(() -> wire.read(new byte[0], null)).hasMessageContaining("JSON body");
    }

    @Test
    void writesBinaryOutputsAfterTheJsonHeader() throws Exception {
        Response response = wire.write(new InferResponse("m", "1", "r", List.of(
                new OutputTensor("probabilities", Datatype.FP32, new long[] {1, 2}, new float[] {0.25f, 0.75f}, null,
                        true))));
        byte[] body = (byte[]) response.getEntity();
        int length = Integer.parseInt(response.getHeaderString(OpenInferenceWire.HEADER_LENGTH));
        String header = new String(body, 0, length, StandardCharsets.UTF_8);
        assertThat(header).contains("\"binary_data_size\":8").doesNotContain("\"data\"");
        assertThat(ByteBuffer.wrap(body, length, 8).order(ByteOrder.LITTLE_ENDIAN).getFloat()).isEqualTo(0.25f);
        assertThat(body).hasSize(length + 8);
    }
}
