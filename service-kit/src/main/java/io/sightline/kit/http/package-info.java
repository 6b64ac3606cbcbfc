/**
 * What every HTTP answer of every service carries: the security headers that keep a browser from sniffing,
 * framing or running what a page of ours did not ship itself.
 */
package io.sightline.kit.http;
