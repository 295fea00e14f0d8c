-- Wrong passwords per client IP address (SignInThrottle), shared by every instance on the database
-- and kept across restarts. The address is stored only as its keyed hash (personal data). A window
-- starts at an address's first failure and ends at window_end.
create table sign_in_throttle (
    address_hash    varchar(64)  not null primary key,
    window_end      timestamp(6) with time zone not null,
    failures        integer      not null
);
create index sign_in_throttle_window_end on sign_in_throttle (window_end);
