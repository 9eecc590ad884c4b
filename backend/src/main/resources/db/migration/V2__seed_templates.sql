-- Placeholders: {business}, {period}, {moon}, {sun}, {highlights}, {retrogrades}, {advice}.
INSERT INTO content_templates (template_key, body, version, updated_at) VALUES
('daily_horoscope_template',
 'Daily horoscope for {business}, {period}. {moon} {sun} {highlights} {retrogrades} {advice}',
 1, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),
('weekly_forecast_template',
 'Weekly forecast for {business}, the week of {period}. {sun} {moon} {highlights} {retrogrades} {advice}',
 1, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'),
('monthly_outlook_template',
 'Monthly outlook for {business}, {period}. {sun} {highlights} {retrogrades} {moon} {advice}',
 1, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00');
