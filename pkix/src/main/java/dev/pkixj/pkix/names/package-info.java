/**
 * Host-name matching ({@link dev.pkixj.pkix.names.HostnameMatcher}) and name-constraint
 * checking ({@link dev.pkixj.pkix.names.NameConstraints}) with the results of Firefox's
 * mozilla::pkix {@code pkixnames.cpp}.
 *
 * <p>The port follows the NSS revision where reference-ID labels may begin or end with a hyphen
 * and where a wildcard presented dNSName under a <em>permitted</em> dNSName constraint must be
 * covered as a whole (so {@code *.example.com} is within {@code example.com} but not within
 * {@code foo.example.com}). Both searches share one code path ({@code NameSearch}), as upstream,
 * so that they agree on which names a certificate presents.
 *
 * <p>Internals work on byte slices and return int codes; only the public name-constraint entry
 * point throws, and only {@link dev.pkixj.pkix.PkixException}.
 */
package dev.pkixj.pkix.names;
