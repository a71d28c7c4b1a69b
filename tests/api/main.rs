//! The one integration-test binary: every test drives the real application over HTTP on a
//! random port with a fresh database, on SQLite and, when `CONVOCA_TEST_POSTGRES_URL` is set,
//! on PostgreSQL too. The browser tests (`browser.rs`) drive pages with a headless Chromium when
//! `CONVOCA_TEST_BROWSER` is set.

mod authorization;
mod bad_input;
mod browser;
mod cli;
mod console;
mod console_browser;
mod console_forms;
mod console_members;
mod console_organiser;
mod dkim;
mod events;
mod feeds;
mod festivals;
mod figures;
mod hardening;
mod helpers;
mod journey_browser;
mod mail_clients;
mod migrations;
mod notifications;
mod openapi;
mod operations;
mod organisations;
mod pages;
mod pages_activity;
mod pages_browser;
mod readme;
mod registrations;
mod reports;
mod smtp;
mod venues;
