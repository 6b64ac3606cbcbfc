/**
 * Which side each image goes to: groups (by pattern and by identical content), their seeded hash position,
 * the stable or exact cut per class and the small-class fallback (docs/decisions/011).
 */
package io.sightline.dataset.split;
