/** Bounds on decoding images that come from outside: the heap one decoded image may take, told from its header. */
package io.sightline.kit.image;
