package dev.pkixj.pkix;

/** The role a certificate is checked in (mozilla::pkix {@code EndEntityOrCA}). */
public enum EndEntityOrCA { MUST_BE_END_ENTITY, MUST_BE_CA }
